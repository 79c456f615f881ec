/**
 * Fetching objects (chunks, file recipes, layer parts) out of packs by their index entries:
 * grouped by pack, read as ranges, each record's header checked against the index; then
 * decoded, and chunks and parts checked against their digests (fetchObjects), or handed on as
 * they came for a check elsewhere (fetchCutRecords: a pull's chunks, arrival.ts).
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../../errors.js';
import { RecordDecompressor } from '../../store/compression.js';
import type { RangeFetcher } from './fetcher.js';
import { ObjectCodec, ObjectKind, RECORD_HEADER, decodeRecordHeader, objectKey, type IndexedObject } from './format.js';
import { sliceOf } from './ranges.js';

/** Packs fetched at once. */
const PACKS_IN_FLIGHT = 4;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A record cut from a pack, its header checked against its index entry: the payload as the sender stored it. */
export interface CutRecord {
  payload: Buffer;
  zstd: boolean;
  /** Bytes once decoded. */
  rawLength: number;
}

/** What a record holds, in errors: "chunk sha256:…". */
export function describeObject(entry: Pick<IndexedObject, 'kind' | 'digest'>): string {
  return `${entry.kind === ObjectKind.Chunk ? 'chunk' : entry.kind === ObjectKind.LayerPart ? 'layer part' : 'file recipe'} sha256:${entry.digest}`;
}

/** One record cut from a pack, its header checked against its index entry (the payload is not decoded). */
function cutRecord(record: Uint8Array, entry: IndexedObject): CutRecord {
  const head = decodeRecordHeader(record);
  if (head.digest !== entry.digest || head.kind !== entry.kind || RECORD_HEADER + head.storedLength !== entry.length) {
    throw new CorruptDataError(`registry: the pack record of ${describeObject(entry)} does not match the index`, { digest: `sha256:${entry.digest}` });
  }
  const payload = Buffer.from(record.buffer, record.byteOffset + RECORD_HEADER, head.storedLength);
  return { payload, zstd: head.codec === ObjectCodec.Zstd, rawLength: head.rawLength };
}

/** A record cut from a pack, decoded and checked: its length, and its digest for chunks and parts. */
function decodeRecord(decompressor: RecordDecompressor, { payload, zstd, rawLength }: CutRecord, entry: IndexedObject): Buffer {
  const what = describeObject(entry);
  let raw: Buffer;
  try {
    raw = zstd ? decompressor.decompress(payload, rawLength) : payload;
  } catch (cause) {
    throw new CorruptDataError(`registry: ${what}: bad zstd data (${(cause as Error).message})`, { digest: `sha256:${entry.digest}`, cause });
  }
  if (raw.length !== rawLength) throw new CorruptDataError(`registry: ${what} has the wrong length`, { digest: `sha256:${entry.digest}` });
  // A file recipe is named by the file's content, which is checked once the file is rebuilt.
  if (entry.kind !== ObjectKind.FileRecipe && sha(raw) !== entry.digest) {
    throw new CorruptDataError(`registry: ${what} does not match its digest`, { digest: `sha256:${entry.digest}` });
  }
  return raw;
}

/**
 * The objects' records, fetched and cut (headers checked against the index, payloads not yet
 * decoded): `kind:digest` → the record.
 */
export async function fetchCutRecords(fetcher: RangeFetcher, entries: readonly IndexedObject[], packSizes: ReadonlyMap<string, number>): Promise<Map<string, CutRecord>> {
  const byPack = new Map<string, IndexedObject[]>();
  for (const e of entries) {
    const list = byPack.get(e.pack);
    if (list) list.push(e);
    else byPack.set(e.pack, [e]);
  }
  const out = new Map<string, CutRecord>();
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
        out.set(objectKey(o.kind, o.digest), cutRecord(record, o));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PACKS_IN_FLIGHT, queue.length) }, worker));
  return out;
}

/** The objects, fetched and checked: `kind:digest` → raw bytes. */
export async function fetchObjects(fetcher: RangeFetcher, entries: readonly IndexedObject[], packSizes: ReadonlyMap<string, number>): Promise<Map<string, Buffer>> {
  const cut = await fetchCutRecords(fetcher, entries, packSizes);
  // One decompression context for them all: creating one per record costs more than decoding a small chunk.
  const decompressor = new RecordDecompressor();
  const out = new Map<string, Buffer>();
  for (const e of entries) {
    const key = objectKey(e.kind, e.digest);
    if (!out.has(key)) out.set(key, decodeRecord(decompressor, cut.get(key)!, e));
  }
  return out;
}
