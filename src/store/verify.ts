/**
 * verify: every pack read whole and checked (checksum, structure; `deep` also decompresses and
 * re-hashes every record), every index entry checked against the packs, every reference from
 * names down to chunks followed, and the store file re-read. Problems are reported, never fixed.
 */
import { readFile } from 'node:fs/promises';
import { AbortedError, CorruptDataError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import { sameChunkerIdentity } from '../chunker/index.js';
import { Codec, RecordKind, groupMembers, parsePack, restoreGroupMembers, parsePackStructure, type GroupMember, type RecordEntry, type RecordLocation } from '../pack/index.js';
import type { StoreContext } from './context.js';
import {
  KIND_NAMES, NAME_RANGE, OBJECT_RANGE, PACK_RANGE, decodeLocation, decodePackSummary, packIdOfKey, parseObjectKey, objectKey,
} from './keys.js';
import { describeCounts, findAffected } from './loss-report.js';
import { listPackFiles } from './layout.js';
import { listNames } from './names.js';
import type { RecordDecompressor as Decompressor } from './compression.js';
import { safeDecompress } from './pack-files.js';
import { reachable, type ReachableSource } from './reachable.js';
import { recordIntact } from './record-check.js';
import { readStoreFile } from './store-file.js';
import type { VerifyProblem, VerifyReport } from './types.js';


export interface VerifyOptions {
  deep?: boolean;
  signal?: AbortSignal;
}

/** Verifies a store (the caller has committed the open pack). */
export async function verifyStore(ctx: StoreContext, source: ReachableSource, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const onDisk = await listPackFiles(ctx.layout);
  const { records, recordCount } = await checkPacks(ctx, onDisk, problems, options);
  const { indexEntries, indexedPacks, missingPacks } = await checkIndex(ctx, onDisk, records, problems);
  for (const id of onDisk.keys()) {
    if (!indexedPacks.has(id)) problems.push({ code: 'pack-unindexed', message: `pack ${id} is not in the index (run cairn repair)`, pack: id });
  }
  const names = (await listNames(ctx.db)).length;
  await reachable(source, problems, { rebuildDeltas: true });
  await reportMissingPacks(missingPacks, source, problems);
  await checkStoreFile(ctx, problems);
  return { ok: problems.length === 0, packs: onDisk.size, records: recordCount, indexEntries, names, problems };
}

/** Reads every pack whole; returns the records of the good ones by object key. */
async function checkPacks(
  ctx: StoreContext, onDisk: Map<string, string>, problems: VerifyProblem[], options: VerifyOptions,
): Promise<{ records: Map<string, RecordEntry>; recordCount: number }> {
  const decompressor = ctx.packs.decompressor;
  const records = new Map<string, RecordEntry>(); // objectKey -> record in a good pack
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
    for (const r of parsed.records) {
      recordCount++;
      records.set(objectKey(r.kind, r.digest), entryOf(r));
      if (options.deep && !recordIntact(decompressor, r)) {
        problems.push({ code: 'record-corrupt', message: `${KIND_NAMES[r.kind]} sha256:${r.digest} in pack ${id} at offset ${r.offset} does not match its digest`, pack: id, digest: DIGEST_PREFIX + r.digest });
      } else if (r.kind === RecordKind.ChunkGroup) {
        checkGroup(decompressor, r, records, problems, options.deep === true);
      }
    }
  }
  return { records, recordCount };
}

/**
 * A chunk group's members, each entered in `records` under its chunk key (with its place in the
 * group) for the index check; `deep` also hashes each member. A group whose table does not add
 * up (or that does not decompress) is a corrupt record.
 */
function checkGroup(decompressor: Decompressor, r: RecordEntry & { payload: Buffer }, records: Map<string, RecordEntry>, problems: VerifyProblem[], deep: boolean): void {
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
    records.set(objectKey(RecordKind.Chunk, m.hex), { ...entryOf(r), member: { at: m.at, length: m.length } });
    if (deep && sha256Hex(content.subarray(m.at, m.at + m.length)) !== m.hex) {
      problems.push({ code: 'record-corrupt', message: `chunk sha256:${m.hex} in the ${where} does not match its digest`, pack: r.pack, digest: DIGEST_PREFIX + m.hex });
    }
  }
}

/**
 * A record as the index check needs it, without its payload: the payload is a view of the whole
 * pack's buffer, and a record kept with it kept the pack in memory until verify ended (1.8 GB
 * of peak RSS for a store of 93 packs).
 */
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

/** What the index says a missing pack held. */
type MissingPacks = Map<string, { kind: string }[]>;

/**
 * Reads the whole index: every pack entry names a pack on disk, every object entry a matching
 * record, every record of an indexed pack has an entry. Packs listed but gone are collected
 * with what the index says they held (one problem each, written by the caller). `records` is
 * used up: each entry read takes its record out, and what is left has no entry.
 */
async function checkIndex(
  ctx: StoreContext, onDisk: Map<string, string>, records: Map<string, RecordEntry>, problems: VerifyProblem[],
): Promise<{ indexEntries: number; indexedPacks: Set<string>; missingPacks: MissingPacks }> {
  let indexEntries = 0;
  const indexedPacks = new Set<string>();
  const missingPacks: MissingPacks = new Map();
  try {
    for await (const [key, value] of ctx.db.iterator(PACK_RANGE)) {
      indexEntries++;
      const id = packIdOfKey(key);
      indexedPacks.add(id);
      try {
        decodePackSummary(value);
      } catch {
        problems.push({ code: 'index-mismatch', message: `index entry for pack ${id} does not parse`, pack: id });
      }
      if (!onDisk.has(id)) missingPacks.set(id, []);
    }
    for await (const [key, value] of ctx.db.iterator(OBJECT_RANGE)) {
      indexEntries++;
      const { kindText, hex } = parseObjectKey(key);
      let location: RecordLocation;
      try {
        location = decodeLocation(value);
      } catch (error) {
        problems.push({ code: 'index-mismatch', message: `index entry ${key}: ${(error as Error).message}` });
        continue;
      }
      const record = records.get(key);
      // What is left in `records` once the index is read is what it has no entry for.
      records.delete(key);
      const kindName = KIND_NAMES[Number(kindText) as RecordKind] ?? kindText;
      if (missingPacks.has(location.pack)) {
        missingPacks.get(location.pack)!.push({ kind: kindName });
      } else if (!onDisk.has(location.pack)) {
        problems.push({ code: 'index-dangling', message: `index entry for ${kindName} sha256:${hex} points at missing pack ${location.pack}`, digest: DIGEST_PREFIX + hex, pack: location.pack });
      } else if (record && (record.pack !== location.pack || record.offset !== location.offset || record.storedLength !== location.storedLength || record.codec !== location.codec
        || record.member?.at !== location.member?.at || record.member?.length !== location.member?.length)) {
        // The same object may sit in two packs (a gc interrupted); the index must point at one of them.
        const ok = await ctx.packs.recordMatches(location, hex);
        if (!ok) problems.push({ code: 'index-mismatch', message: `index entry for sha256:${hex} does not match pack ${location.pack} at offset ${location.offset}`, digest: DIGEST_PREFIX + hex, pack: location.pack });
      } else if (!record && !problems.some((p) => p.pack === location.pack)) {
        problems.push({ code: 'index-mismatch', message: `index entry for ${JSON.stringify(key)} points at pack ${location.pack} offset ${location.offset}, where there is no such record`, digest: DIGEST_PREFIX + hex, pack: location.pack });
      }
    }
    for (const [key, record] of records) {
      // Store-info records are the same bytes in every pack: one index entry stands for all of
      // them, and dropping the pack it pointed at (gc, a failed write) may leave none.
      if (record.kind === RecordKind.StoreInfo) continue;
      if (indexedPacks.has(record.pack)) {
        problems.push({ code: 'index-mismatch', message: `index has no entry for ${KIND_NAMES[record.kind]} sha256:${record.digest} in pack ${record.pack}`, digest: DIGEST_PREFIX + record.digest, pack: record.pack });
      }
    }
    for await (const key of ctx.db.keys(NAME_RANGE)) {
      indexEntries++;
      void key;
    }
  } catch (error) {
    problems.push({ code: 'index-damaged', message: (error as Error).message });
  }
  const mismatches = problems.filter((p) => p.code === 'index-mismatch').length;
  if (mismatches > 0) {
    problems.unshift({
      code: 'index-damaged',
      message: `the index at ${ctx.db.path} is damaged (${mismatches} entr${mismatches === 1 ? 'y does' : 'ies do'} not match the packs); run cairn repair to rebuild it from the packs`,
    });
  }
  return { indexEntries, indexedPacks, missingPacks };
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
