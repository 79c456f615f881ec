/** Listings read from the index: digests of one kind, and counts for stats. */
import { DIGEST_PREFIX } from '../digest.js';
import type { RecordKind } from '../pack/index.js';
import type { IndexDb } from './index-db.js';
import { KIND_NAMES, OBJECT_RANGE, PACK_RANGE, decodePackSummary, kindPrefix, kindRange, parseObjectKey } from './keys.js';
import type { StoreStats } from './types.js';

/** `sha256:<hex>` of every object of one kind. */
export async function listDigests(db: IndexDb, kind: RecordKind): Promise<string[]> {
  const out = [];
  const prefix = kindPrefix(kind);
  for await (const key of db.keys(kindRange(kind))) out.push(DIGEST_PREFIX + key.slice(prefix.length));
  return out;
}

/** Counts of objects by kind and the bytes of packs on disk. */
export async function storeStats(db: IndexDb): Promise<StoreStats> {
  let packs = 0;
  let packBytes = 0;
  for await (const value of db.values(PACK_RANGE)) {
    packs++;
    packBytes += decodePackSummary(value).bytes;
  }
  const objects: Record<string, number> = {};
  for await (const key of db.keys(OBJECT_RANGE)) {
    const kind = KIND_NAMES[parseObjectKey(key).kind] ?? 'unknown';
    objects[kind] = (objects[kind] ?? 0) + 1;
  }
  return { packs, packBytes, objects };
}
