/**
 * Open-time reconcile: brings the index in line with the packs after a crash. Unsealed
 * temporary files are deleted; sealed packs the index never heard of (a crash between seal and
 * index commit) are indexed in sequence order; index entries whose pack is gone (a crash in gc
 * between deleting packs and the index) are dropped.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePack, type ParsedPack } from '../pack/index.js';
import type { StoreContext } from './context.js';
import { dropPacksFromIndex, indexRecords, readPackSummaries } from './indexing.js';
import { SEQUENCE_KEY, decodeSequence } from './keys.js';
import { listPackFiles } from './layout.js';

export async function reconcile(ctx: StoreContext): Promise<void> {
  for (const name of await readdir(ctx.layout.tmp)) await rm(join(ctx.layout.tmp, name), { force: true, recursive: true });
  const onDisk = await listPackFiles(ctx.layout);
  const indexed = await readPackSummaries(ctx.db);
  ctx.sequence = decodeSequence(await ctx.db.get(SEQUENCE_KEY));
  const unindexed = [...onDisk.keys()].filter((id) => !indexed.has(id));
  const parsed: ParsedPack[] = [];
  for (const id of unindexed) {
    try {
      parsed.push(parsePack(await readFile(onDisk.get(id)!), id));
    } catch {
      // A damaged pack is verify's and repair's business; it is not indexed.
    }
  }
  parsed.sort((a, b) => a.sequence - b.sequence);
  for (const pack of parsed) await indexRecords(ctx, pack.id, pack.sequence, pack.bytes.length, pack.records);
  const missing = [...indexed.keys()].filter((id) => !onDisk.has(id));
  if (missing.length > 0) await dropPacksFromIndex(ctx.db, new Set(missing));
}
