/**
 * Writing the index: a sealed pack's records (and its name records, replayed) in one
 * synchronous batch; dropping packs; reading pack summaries.
 */
import { RecordKind, groupMembers, type GroupMember, type RecordEntry, type RecordLocation } from '../pack/index.js';
import type { StoreContext } from './context.js';
import type { IndexDb, IndexOp } from './index-db.js';
import {
  DELETING_PREFIX, DELETING_RANGE, OBJECT_RANGE, PACK_RANGE, SEQUENCE_KEY, decodeLocation, deletingKey, decodePackSummary, encodeLocation, encodePackSummary,
  encodeSequence, objectKey, packIdOfKey, packKey, type PackSummary,
} from './keys.js';
import { nameOps } from './names.js';

/** Indexes a sealed pack's records (and replays its name records) in one synchronous batch. */
export async function indexRecords(
  ctx: StoreContext, id: string, sequence: number, bytes: number, records: readonly RecordEntry[], payloads?: Map<number, Uint8Array>,
  groups?: Map<number, readonly GroupMember[]>,
): Promise<void> {
  const ops: IndexOp[] = [];
  for (const r of records) {
    const location: RecordLocation = {
      pack: id, offset: r.offset, kind: r.kind, codec: r.codec, uncompressedLength: r.uncompressedLength, storedLength: r.storedLength,
    };
    if (r.kind === RecordKind.NameEvent || r.kind === RecordKind.NameSnapshot) {
      const payload = payloads?.get(r.offset) ?? (await ctx.packs.readRecord(location, r.digest));
      ops.push(...(await nameOps(ctx.db, r.kind, payload)));
    }
    if (r.kind === RecordKind.ChunkGroup) {
      // Each member is found as a chunk: the group's location and its place in the content.
      const members = groups?.get(r.offset) ?? groupMembers(await ctx.packs.readRecord(location, r.digest), location);
      for (const m of members) {
        ops.push({ type: 'put', key: objectKey(RecordKind.Chunk, m.hex), value: encodeLocation({ ...location, member: { at: m.at, length: m.length } }) });
      }
    }
    ops.push({ type: 'put', key: objectKey(r.kind, r.digest), value: encodeLocation(location) });
  }
  const summary: PackSummary = { sequence, bytes, records: records.length };
  ops.push({ type: 'put', key: packKey(id), value: encodePackSummary(summary) });
  ctx.sequence = Math.max(ctx.sequence, sequence);
  ops.push({ type: 'put', key: SEQUENCE_KEY, value: encodeSequence(ctx.sequence) });
  await ctx.db.batch(ops, { sync: true });
}

/** Removes packs and every object entry pointing into them; returns how many object entries went. */
export async function dropPacksFromIndex(db: IndexDb, packs: Set<string>): Promise<number> {
  const ops: IndexOp[] = [];
  for await (const [key, value] of db.iterator(OBJECT_RANGE)) {
    if (packs.has(decodeLocation(value).pack)) ops.push({ type: 'del', key });
  }
  for (const id of packs) ops.push({ type: 'del', key: packKey(id) }, { type: 'del', key: deletingKey(id) });
  await db.batch(ops, { sync: true });
  return ops.length - 2 * packs.size;
}

/**
 * Records that gc is about to delete these packs (before it deletes any): an open that finds
 * one of them gone drops it silently, while any other pack that is gone is reported as lost.
 */
export async function markPacksDeleting(db: IndexDb, packs: Iterable<string>): Promise<void> {
  const ops: IndexOp[] = [...packs].map((id) => ({ type: 'put', key: deletingKey(id), value: new Uint8Array(0) }));
  if (ops.length > 0) await db.batch(ops, { sync: true });
}

/** The packs gc marked for deletion and has not yet dropped from the index. */
export async function readDeletingPacks(db: IndexDb): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const key of db.keys(DELETING_RANGE)) ids.add(key.slice(DELETING_PREFIX.length));
  return ids;
}

/** Every indexed pack and its summary. */
export async function readPackSummaries(db: IndexDb): Promise<Map<string, PackSummary>> {
  const packs = new Map<string, PackSummary>();
  for await (const [key, value] of db.iterator(PACK_RANGE)) packs.set(packIdOfKey(key), decodePackSummary(value));
  return packs;
}

/** Deletes every key of the index (repair rebuilds it). */
export async function clearIndex(db: IndexDb): Promise<void> {
  const ops: IndexOp[] = [];
  for await (const key of db.keys()) ops.push({ type: 'del', key });
  await db.batch(ops, { sync: true });
}
