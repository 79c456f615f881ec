/**
 * cairn's chunk data beside a pushed image (docs/registry.md): the names, the pack record
 * header and the chunk index encoding. No I/O.
 *
 *   pack record  = digest (32) | kind (u8) | codec (u8) | raw length (u32 BE) | stored length (u32 BE) | stored bytes
 *   chunk index  = "CCI1" | varint n | n bytes chunker identity (UTF-8)
 *                | varint packCount | packCount × (pack digest (32) | varint size | varint count | count × (kind (u8) | digest (32) | varint recordLength))
 *                | varint layerCount | layerCount × (diffId (32) | varint tarLength | varint partCount | partCount × (part digest (32) | varint tarLength))
 *
 * A pack's records are listed in order; each one's offset is the sum of the lengths before it.
 */
import { CorruptDataError } from '../../errors.js';
import { VarintReader, VarintWriter } from '../../recipe/varint.js';

export const CHUNKS_ARTIFACT_TYPE = 'application/vnd.cairn.chunks.v1';
export const CHUNK_INDEX_MEDIA_TYPE = 'application/vnd.cairn.chunks.index.v1';
export const CHUNK_PACK_MEDIA_TYPE = 'application/vnd.cairn.chunks.pack.v1';
export const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const EMPTY_JSON = Buffer.from('{}');
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const ANNOTATION_CHUNKER = 'dev.cairn.chunks.chunker';
/** On each chunk index descriptor: the DiffID of the layer it describes. */
export const ANNOTATION_DIFFID = 'dev.cairn.chunks.diffid';
/**
 * On a chunk index descriptor, where the pusher's store could rebuild the layer's blob byte
 * for byte: its blob description (docs/store-format.md), as JSON text. A puller confirms it
 * before keeping it (src/reblob/described.ts).
 */
export const ANNOTATION_BLOB = 'dev.cairn.chunks.blob';

/** Record kinds in a pack (the store's record kind numbers). */
export const enum ObjectKind {
  Chunk = 1,
  FileRecipe = 2,
  LayerPart = 9,
}
export const OBJECT_KINDS: readonly number[] = [ObjectKind.Chunk, ObjectKind.FileRecipe, ObjectKind.LayerPart];

export const enum ObjectCodec {
  Raw = 0,
  Zstd = 1,
}

export const RECORD_HEADER = 42;

/** The `sha256-<hex>` tag of the distribution spec's referrers tag schema. */
export function referrersTag(subject: string): string {
  return subject.replace(':', '-');
}

/** The tag that keeps a chunk artifact alive through `garbage-collect --delete-untagged`. */
export function chunksTag(subject: string): string {
  return `${referrersTag(subject)}.cairn-chunks`;
}

/** The tag that keeps a delta artifact (from `base` to `subject`) alive. */
export function deltaTag(subject: string, base: string): string {
  return `${referrersTag(subject)}.cairn-delta-${base.replace(/^sha256:/, '').slice(0, 16)}`;
}

export interface RecordHeader {
  /** 64 hex */
  digest: string;
  kind: ObjectKind;
  codec: ObjectCodec;
  rawLength: number;
  storedLength: number;
}

export function encodeRecordHeader(h: RecordHeader): Buffer {
  const out = Buffer.alloc(RECORD_HEADER);
  Buffer.from(h.digest, 'hex').copy(out, 0);
  out[32] = h.kind;
  out[33] = h.codec;
  out.writeUInt32BE(h.rawLength, 34);
  out.writeUInt32BE(h.storedLength, 38);
  return out;
}

export function decodeRecordHeader(bytes: Uint8Array): RecordHeader {
  if (bytes.length < RECORD_HEADER) throw new CorruptDataError('chunk pack record: truncated header');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, RECORD_HEADER);
  const kind = b[32]!;
  const codec = b[33]!;
  if (!OBJECT_KINDS.includes(kind) || codec > 1) throw new CorruptDataError(`chunk pack record: unknown kind ${kind} or codec ${codec}`);
  return { digest: b.subarray(0, 32).toString('hex'), kind, codec, rawLength: b.readUInt32BE(34), storedLength: b.readUInt32BE(38) };
}

/** One object of a pack as the index lists it. */
export interface IndexedObject {
  kind: ObjectKind;
  /** 64 hex */
  digest: string;
  /** the pack's digest (sha256:…) */
  pack: string;
  offset: number;
  length: number;
}

export interface IndexedPack {
  digest: string;
  size: number;
  objects: { kind: ObjectKind; digest: string; length: number }[];
}

export interface IndexedLayer {
  diffId: string;
  tarLength: number;
  parts: { digest: string; tarLength: number }[];
}

export interface ChunkIndex {
  chunker: string;
  packs: IndexedPack[];
  layers: IndexedLayer[];
}

const MAGIC = Buffer.from('CCI1', 'latin1');
const raw = (digest: string): Buffer => Buffer.from(digest.replace(/^sha256:/, ''), 'hex');

export function encodeChunkIndex(index: ChunkIndex): Buffer {
  const w = new VarintWriter();
  w.bytes(MAGIC);
  const chunker = Buffer.from(index.chunker, 'utf8');
  w.varint(chunker.length);
  w.bytes(chunker);
  w.varint(index.packs.length);
  for (const pack of index.packs) {
    w.bytes(raw(pack.digest));
    w.varint(pack.size);
    w.varint(pack.objects.length);
    for (const o of pack.objects) {
      w.bytes(Buffer.of(o.kind));
      w.bytes(raw(o.digest));
      w.varint(o.length);
    }
  }
  w.varint(index.layers.length);
  for (const layer of index.layers) {
    w.bytes(raw(layer.diffId));
    w.varint(layer.tarLength);
    w.varint(layer.parts.length);
    for (const p of layer.parts) {
      w.bytes(raw(p.digest));
      w.varint(p.tarLength);
    }
  }
  return w.finish();
}

export function decodeChunkIndex(bytes: Uint8Array): ChunkIndex {
  const r = new VarintReader(bytes, 'chunk index');
  r.expectMagic(MAGIC);
  const count = (what: string): number => {
    const n = r.varint();
    if (n > bytes.length) throw new CorruptDataError(`chunk index: ${what} count exceeds its length`);
    return n;
  };
  const hex = (): string => Buffer.from(r.bytes(32)).toString('hex');
  const chunker = Buffer.from(r.bytes(count('chunker'))).toString('utf8');
  const packs: IndexedPack[] = [];
  for (let i = count('pack'); i > 0; i--) {
    const digest = `sha256:${hex()}`;
    const size = r.varint();
    const objects: IndexedPack['objects'] = [];
    let total = 0;
    for (let j = count('object'); j > 0; j--) {
      const kind = r.bytes(1)[0]!;
      if (!OBJECT_KINDS.includes(kind)) throw new CorruptDataError(`chunk index: unknown object kind ${kind}`);
      const o = { kind: kind as ObjectKind, digest: hex(), length: r.varint() };
      if (o.length < RECORD_HEADER) throw new CorruptDataError('chunk index: record shorter than its header');
      total += o.length;
      objects.push(o);
    }
    if (total !== size) throw new CorruptDataError(`chunk index: the records of pack ${digest} do not add up to its size`);
    packs.push({ digest, size, objects });
  }
  const layers: IndexedLayer[] = [];
  for (let i = count('layer'); i > 0; i--) {
    const diffId = `sha256:${hex()}`;
    const tarLength = r.varint();
    const parts: IndexedLayer['parts'] = [];
    let total = 0;
    for (let j = count('part'); j > 0; j--) {
      const part = { digest: hex(), tarLength: r.varint() };
      total += part.tarLength;
      parts.push(part);
    }
    if (total !== tarLength) throw new CorruptDataError(`chunk index: the parts of layer ${diffId} do not add up to its length`);
    layers.push({ diffId, tarLength, parts });
  }
  if (!r.done) throw new CorruptDataError('chunk index: trailing bytes');
  return { chunker, packs, layers };
}

/** Where every object of an index is: `kind:digest` → pack, offset, length. */
export function locateObjects(index: ChunkIndex): Map<string, IndexedObject> {
  const out = new Map<string, IndexedObject>();
  for (const pack of index.packs) {
    let offset = 0;
    for (const o of pack.objects) {
      const key = objectKey(o.kind, o.digest);
      if (!out.has(key)) out.set(key, { kind: o.kind, digest: o.digest, pack: pack.digest, offset, length: o.length });
      offset += o.length;
    }
  }
  return out;
}

export const objectKey = (kind: ObjectKind, digest: string): string => `${kind}:${digest}`;
