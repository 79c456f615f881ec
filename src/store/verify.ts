/**
 * verify: every pack read whole and checked (checksum, structure; `deep` also decompresses and
 * re-hashes every record), every index entry checked against the packs (verify-index.ts), every reference from
 * names down to chunks followed, and the store file re-read. Problems are reported, never fixed.
 */
import { readFile } from 'node:fs/promises';
import { AbortedError, CorruptDataError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import { sameChunkerIdentity } from '../chunker/index.js';
import { Codec, RecordKind, groupMembers, parsePack, restoreGroupMembers, parsePackStructure, type GroupMember, type RecordEntry } from '../pack/index.js';
import type { StoreContext } from './context.js';
import { KIND_NAMES, objectKey } from './keys.js';
import { describeCounts, findAffected } from './loss-report.js';
import { listPackFiles } from './layout.js';
import { listNames } from './names.js';
import type { RecordDecompressor as Decompressor } from './compression.js';
import { safeDecompress } from './pack-files.js';
import { reachable, type ReachableSource } from './reachable.js';
import { recordIntact } from './record-check.js';
import { readStoreFile } from './store-file.js';
import type { VerifyProblem, VerifyReport } from './types.js';
import { checkObjectEntries, matchPackRecords, readPackEntries, type IndexCheck, type MissingPacks, type PackRecord } from './verify-index.js';


export interface VerifyOptions {
  deep?: boolean;
  signal?: AbortSignal;
}

/** Verifies a store (the caller has committed the open pack). */
export async function verifyStore(ctx: StoreContext, source: ReachableSource, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const onDisk = await listPackFiles(ctx.layout);
  const index = await readPackEntries(ctx, onDisk, problems);
  const recordCount = await checkPacks(ctx, onDisk, index, problems, options);
  await checkObjectEntries(ctx, onDisk, index, problems);
  for (const id of onDisk.keys()) {
    if (!index.indexedPacks.has(id)) problems.push({ code: 'pack-unindexed', message: `pack ${id} is not in the index (run cairn repair)`, pack: id });
  }
  const names = (await listNames(ctx.db)).length;
  await reachable(source, problems, { rebuildDeltas: true });
  await reportMissingPacks(index.missingPacks, source, problems);
  await checkStoreFile(ctx, problems);
  return { ok: problems.length === 0, packs: onDisk.size, records: recordCount, indexEntries: index.indexEntries, names, problems };
}

/** Reads every pack whole, one at a time, and looks its records up in the index (verify-index.ts); returns how many records the good packs hold. */
async function checkPacks(ctx: StoreContext, onDisk: Map<string, string>, index: IndexCheck, problems: VerifyProblem[], options: VerifyOptions): Promise<number> {
  const decompressor = ctx.packs.decompressor;
  let recordCount = 0;
  let done = 0;
  for (const [id, path] of onDisk) {
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    ctx.options.onProgress?.({ type: 'verify:pack', done: done++, total: onDisk.size });
    let parsed;
    try {
      parsed = parsePack(await readFile(path), id);
    } catch (error) {
      problems.push({ code: error instanceof CorruptDataError && /checksum/.test(error.message) ? 'pack-checksum' : 'pack-corrupt', message: (error as Error).message, pack: id });
      await nameDamagedRecords(decompressor, id, path, problems);
      continue;
    }
    const records: PackRecord[] = [];
    for (const r of parsed.records) {
      recordCount++;
      records.push({ key: objectKey(r.kind, r.digest), hex: r.digest, kind: r.kind, location: entryOf(r) });
      if (options.deep && !recordIntact(decompressor, r)) {
        problems.push({ code: 'record-corrupt', message: `${KIND_NAMES[r.kind]} sha256:${r.digest} in pack ${id} at offset ${r.offset} does not match its digest`, pack: id, digest: DIGEST_PREFIX + r.digest });
      } else if (r.kind === RecordKind.ChunkGroup) {
        checkGroup(decompressor, r, records, problems, options.deep === true);
      }
    }
    await matchPackRecords(ctx, onDisk, index, id, records, problems);
  }
  return recordCount;
}

/**
 * A chunk group's members, each added to `records` under its chunk key (with its place in the
 * group) for the index check; `deep` also hashes each member. A group whose table does not add
 * up (or that does not decompress) is a corrupt record.
 */
function checkGroup(decompressor: Decompressor, r: RecordEntry & { payload: Buffer }, records: PackRecord[], problems: VerifyProblem[], deep: boolean): void {
  const where = `chunk group sha256:${r.digest} in pack ${r.pack} at offset ${r.offset}`;
  const content = safeDecompress(decompressor, r.payload, r.uncompressedLength);
  let members: GroupMember[];
  try {
    if (!content) throw new Error('does not decompress');
    members = groupMembers(content, r);
    // Members filtered by the x86 branch filter (codec 2) are hashed as they were stored from.
    if (deep && r.codec === Codec.ZstdX86) restoreGroupMembers(content);
  } catch (error) {
    problems.push({ code: 'record-corrupt', message: `${where}: ${(error as Error).message}`, pack: r.pack, digest: DIGEST_PREFIX + r.digest });
    return;
  }
  for (const m of members) {
    records.push({ key: objectKey(RecordKind.Chunk, m.hex), hex: m.hex, kind: RecordKind.Chunk, location: { ...entryOf(r), member: { at: m.at, length: m.length } } });
    if (deep && sha256Hex(content.subarray(m.at, m.at + m.length)) !== m.hex) {
      problems.push({ code: 'record-corrupt', message: `chunk sha256:${m.hex} in the ${where} does not match its digest`, pack: r.pack, digest: DIGEST_PREFIX + m.hex });
    }
  }
}

/** A record as the index check needs it, without its payload (a view of the whole pack's buffer). */
function entryOf({ payload: _payload, ...entry }: RecordEntry & { payload: Buffer }): RecordEntry {
  return entry;
}

/** A damaged pack: name what the damage hits, the chunk records of the pack, as far as they parse. */
async function nameDamagedRecords(decompressor: Decompressor, id: string, path: string, problems: VerifyProblem[]): Promise<void> {
  try {
    const salvage = parsePackStructure(await readFile(path), id);
    for (const r of salvage.records) {
      if (r.kind === RecordKind.Chunk || r.kind === RecordKind.ChunkGroup) {
        const bytes = r.codec === Codec.Raw ? r.payload : safeDecompress(decompressor, r.payload, r.uncompressedLength);
        if (!bytes || sha256Hex(bytes) !== r.digest) {
          problems.push({ code: 'record-corrupt', message: `${KIND_NAMES[r.kind]} sha256:${r.digest} in pack ${id} at offset ${r.offset} is corrupt`, pack: id, digest: DIGEST_PREFIX + r.digest });
        }
      }
    }
  } catch {
    // structure too damaged to name records; the pack problem stands
  }
}

/** One problem per pack the index lists that is gone: what it held and which names lack content. */
async function reportMissingPacks(missingPacks: MissingPacks, source: ReachableSource, problems: VerifyProblem[]): Promise<void> {
  if (missingPacks.size === 0) return;
  const affected = await findAffected({
    ...source,
    present: async (kind, hex) => {
      const location = await source.locate(kind, hex);
      return location !== undefined && !missingPacks.has(location.pack);
    },
  });
  const names = affected.names.length > 0 ? `; names lacking content: ${affected.names.join(', ')}` : '';
  const at = problems.findIndex((p) => p.code !== 'index-damaged');
  const found = [...missingPacks].map(([id, held]): VerifyProblem => ({
    code: 'pack-missing',
    message: `pack ${id} is missing; it held ${describeCounts(held) || 'no objects'}${names} (cairn repair drops what it held)`,
    pack: id,
  }));
  problems.splice(at < 0 ? problems.length : at, 0, ...found);
}

/** The store file must still parse and name the chunker the store was opened with. */
async function checkStoreFile(ctx: StoreContext, problems: VerifyProblem[]): Promise<void> {
  const stored = await readStoreFile(ctx.layout).catch((error: Error) => {
    problems.push({ code: 'store-file', message: error.message });
    return undefined;
  });
  if (stored && !sameChunkerIdentity(stored.chunker, ctx.file.chunker)) {
    problems.push({ code: 'store-file', message: `${ctx.layout.storeFile} changed while the store was open` });
  }
}
