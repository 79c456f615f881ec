/**
 * Whether a pack's record holds something live (gc keeps it, a failed write's cleanup does not
 * delete its pack): its own object key, or for a chunk group (pack/group.ts) any member's chunk
 * key. A group whose table cannot be read counts as live: deleting it is not this check's call.
 */
import { RecordKind, groupMembers, type RecordEntry } from '../pack/index.js';
import type { RecordDecompressor } from './compression.js';
import { objectKey } from './keys.js';

export function holdsLive(decompressor: RecordDecompressor, r: RecordEntry & { payload: Uint8Array }, live: ReadonlySet<string>): boolean {
  if (live.has(objectKey(r.kind, r.digest))) return true;
  if (r.kind !== RecordKind.ChunkGroup) return false;
  try {
    const members = groupMembers(decompressor.decompress(r.payload, r.uncompressedLength), r);
    return members.some((m) => live.has(objectKey(RecordKind.Chunk, m.hex)));
  } catch {
    return true;
  }
}
