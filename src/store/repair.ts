/**
 * repair: rebuilds the index from the packs alone. Every pack is read and checked, its records
 * indexed, and the names replayed in pack order. Damaged packs are reported and skipped.
 */
import { readFile } from 'node:fs/promises';
import { AbortedError } from '../errors.js';
import { Codec, RecordKind, parsePack, type ParsedPack } from '../pack/index.js';
import type { StoreContext } from './context.js';
import { clearIndex, indexRecords } from './indexing.js';
import { listPackFiles } from './layout.js';
import { listNames } from './names.js';
import type { RepairReport } from './types.js';

/** Repairs the index (the caller has committed the open pack). */
export async function repairIndex(ctx: StoreContext, options: { signal?: AbortSignal } = {}): Promise<RepairReport> {
  await clearIndex(ctx.db);
  ctx.sequence = 0;
  const onDisk = await listPackFiles(ctx.layout);
  const parsed: ParsedPack[] = [];
  const damagedPacks: string[] = [];
  let done = 0;
  for (const [id, path] of onDisk) {
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    ctx.options.onProgress?.({ type: 'repair:pack', done: done++, total: onDisk.size });
    try {
      parsed.push(parsePack(await readFile(path), id));
    } catch {
      damagedPacks.push(id);
    }
  }
  parsed.sort((a, b) => a.sequence - b.sequence || (a.id < b.id ? -1 : 1));
  let records = 0;
  for (const pack of parsed) {
    await indexPack(ctx, pack);
    records += pack.records.length;
  }
  return { packs: parsed.length, records, names: (await listNames(ctx.db)).length, damagedPacks };
}

/** Indexes one whole pack, its name records replayed from the bytes in hand. */
async function indexPack(ctx: StoreContext, pack: ParsedPack): Promise<void> {
  const payloads = new Map<number, Uint8Array>();
  for (const r of pack.records) {
    if (r.kind === RecordKind.NameEvent || r.kind === RecordKind.NameSnapshot) {
      payloads.set(r.offset, r.codec === Codec.Raw ? r.payload : ctx.packs.decompressor.decompress(r.payload, r.uncompressedLength));
    }
  }
  await indexRecords(ctx, pack.id, pack.sequence, pack.bytes.length, pack.records, payloads);
}
