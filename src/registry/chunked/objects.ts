/**
 * Fetching objects (chunks, file recipes, layer parts) out of packs by their index entries:
 * grouped by pack, read as ranges, each record's header checked against the index, unpacked,
 * and chunks and parts checked against their digests as they arrive.
 */
import { createHash } from 'node:crypto';
import { zstdDecompress } from '../../delta/zstd.js';
import { CorruptDataError } from '../../errors.js';
import type { RangeFetcher } from './fetcher.js';
import { ObjectCodec, ObjectKind, RECORD_HEADER, decodeRecordHeader, objectKey, type IndexedObject } from './format.js';
import { sliceOf } from './ranges.js';

/** Packs fetched at once. */
const PACKS_IN_FLIGHT = 4;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Decodes one record cut from a pack, checking it against its index entry (and its digest, for chunks and parts). */
export function unpackRecord(record: Uint8Array, entry: IndexedObject): Buffer {
  const head = decodeRecordHeader(record);
  const what = `${entry.kind === ObjectKind.Chunk ? 'chunk' : entry.kind === ObjectKind.LayerPart ? 'layer part' : 'file recipe'} sha256:${entry.digest}`;
  if (head.digest !== entry.digest || head.kind !== entry.kind || RECORD_HEADER + head.storedLength !== entry.length) {
    throw new CorruptDataError(`registry: the pack record of ${what} does not match the index`, { digest: `sha256:${entry.digest}` });
  }
  const stored = record.subarray(RECORD_HEADER);
  const raw = head.codec === ObjectCodec.Zstd ? Buffer.from(zstdDecompress(stored, head.rawLength, what)) : Buffer.from(stored);
  if (raw.length !== head.rawLength) throw new CorruptDataError(`registry: ${what} has the wrong length`, { digest: `sha256:${entry.digest}` });
  // A file recipe is named by the file's content, which is checked once the file is rebuilt.
  if (entry.kind !== ObjectKind.FileRecipe && sha(raw) !== entry.digest) {
    throw new CorruptDataError(`registry: ${what} does not match its digest`, { digest: `sha256:${entry.digest}` });
  }
  return raw;
}

/** The objects, fetched and checked: `kind:digest` → raw bytes. */
export async function fetchObjects(fetcher: RangeFetcher, entries: readonly IndexedObject[], packSizes: ReadonlyMap<string, number>): Promise<Map<string, Buffer>> {
  const byPack = new Map<string, IndexedObject[]>();
  for (const e of entries) byPack.set(e.pack, [...(byPack.get(e.pack) ?? []), e]);
  const out = new Map<string, Buffer>();
  const queue = [...byPack.entries()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [pack, objects] = next;
      const size = packSizes.get(pack);
      if (size === undefined) throw new CorruptDataError(`registry: chunk index names an unknown pack ${pack}`);
      const kind = objects.every((o) => o.kind === ObjectKind.Chunk) ? 'chunks' : 'metadata';
      const parts = await fetcher.ranges({ digest: pack, size }, objects.map((o) => ({ start: o.offset, end: o.offset + o.length })), kind);
      for (const o of objects) {
        const record = sliceOf(parts, o.offset, o.length);
        if (!record) throw new CorruptDataError(`registry: the answer for pack ${pack} lacks a record`, { digest: pack });
        out.set(objectKey(o.kind, o.digest), unpackRecord(record, o));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PACKS_IN_FLIGHT, queue.length) }, worker));
  return out;
}
