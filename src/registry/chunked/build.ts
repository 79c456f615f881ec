/**
 * Building the chunk artifact of a stored image (docs/registry.md): its layer recipes (re-cut
 * into content-defined parts), file recipes and chunks as records in content-addressed packs,
 * and the index that says where each one is. Pack and part boundaries depend only on the
 * records' digests (and sizes), never on their position, so the packs of v2 are v1's wherever
 * the two share a run of content: a later push uploads only the packs the repository lacks.
 */
import { createHash } from 'node:crypto';
import { formatChunkerIdentity } from '../../chunker/index.js';
import { zstdCompress } from '../../delta/zstd.js';
import { encodeFileRecipe, encodeLayerPart, type LayerSegment } from '../../recipe/index.js';
import type { Store } from '../../store/index.js';
import {
  ANNOTATION_CHUNKER, ANNOTATION_DIFFID, CHUNK_INDEX_MEDIA_TYPE, CHUNK_PACK_MEDIA_TYPE, CHUNKS_ARTIFACT_TYPE, EMPTY_JSON, EMPTY_MEDIA_TYPE, OCI_MANIFEST,
  ObjectCodec, ObjectKind, encodeChunkIndex, encodeRecordHeader, type IndexedLayer, type IndexedPack,
} from './format.js';

/** A pack is closed at a cut record once it holds PACK_MIN bytes, and always at PACK_MAX. */
export const PACK_MIN = 512 << 10;
export const PACK_MAX = 8 << 20;
/** Past PACK_MIN, a record of n bytes is a cut with probability n / PACK_CUT_SPAN: packs average about PACK_MIN + PACK_CUT_SPAN. */
export const PACK_CUT_SPAN = 512 << 10;
/** A layer part is closed after a file segment whose digest is a cut once it holds PART_MIN encoded bytes, and always at PART_MAX. */
export const PART_MIN = 16 << 10;
export const PART_MAX = 1 << 20;
/** One file segment in PART_CUT_ONE_IN is a cut (past PART_MIN). */
export const PART_CUT_ONE_IN = 8;
/** zstd level of chunk and part records; a record is stored raw when zstd saves under 3%. */
export const RECORD_ZSTD_LEVEL = 3;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const lead32 = (hex: string): number => Number.parseInt(hex.slice(0, 8), 16);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface BuiltPack {
  digest: string;
  bytes: Buffer;
}

export interface ChunkArtifact {
  subject: Descriptor;
  /** one chunk index per layer, in the image's layer order */
  indexes: { descriptor: Descriptor; bytes: Buffer }[];
  packs: Descriptor[];
  manifest: Buffer;
  manifestDigest: string;
  /** chunks and their raw bytes; bytes of all packs */
  chunks: number;
  chunkBytes: number;
  packBytes: number;
}

/** Whether a record of `length` bytes with this digest closes a pack that already holds `size` bytes. */
export function isPackCut(digest: string, length: number, size: number): boolean {
  if (size >= PACK_MAX) return true;
  if (size < PACK_MIN) return false;
  return lead32(digest) < Math.min(1, length / PACK_CUT_SPAN) * 2 ** 32;
}

/** Whether a part holding `encoded` bytes is closed after a segment of the file with this digest. */
export function isPartCut(fileDigest: string, encoded: number): boolean {
  if (encoded >= PART_MAX) return true;
  return encoded >= PART_MIN && lead32(fileDigest) % PART_CUT_ONE_IN === 0;
}

class PackBuilder {
  #records: Buffer[] = [];
  #objects: IndexedPack['objects'] = [];
  #size = 0;
  readonly #seen = new Set<string>();
  readonly packs: IndexedPack[] = [];
  packBytes = 0;

  constructor(readonly onPack: (pack: BuiltPack) => Promise<void>) {}

  has(kind: ObjectKind, digest: string): boolean {
    return this.#seen.has(`${kind}:${digest}`);
  }

  async add(kind: ObjectKind, digest: string, bytes: Uint8Array, compress: boolean): Promise<void> {
    const key = `${kind}:${digest}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    let stored: Uint8Array = bytes;
    let codec = ObjectCodec.Raw;
    if (compress && bytes.length > 64) {
      const z = zstdCompress(bytes, { level: RECORD_ZSTD_LEVEL });
      if (z.length < bytes.length * 0.97) { stored = z; codec = ObjectCodec.Zstd; }
    }
    const head = encodeRecordHeader({ digest, kind, codec, rawLength: bytes.length, storedLength: stored.length });
    this.#records.push(head, Buffer.from(stored.buffer, stored.byteOffset, stored.length));
    const length = head.length + stored.length;
    this.#objects.push({ kind, digest, length });
    this.#size += length;
    if (isPackCut(digest, length, this.#size)) await this.seal();
  }

  async seal(): Promise<void> {
    if (this.#objects.length === 0) return;
    const bytes = Buffer.concat(this.#records);
    const digest = `sha256:${sha(bytes)}`;
    this.packs.push({ digest, size: bytes.length, objects: this.#objects });
    this.packBytes += bytes.length;
    this.#records = [];
    this.#objects = [];
    this.#size = 0;
    await this.onPack({ digest, bytes });
  }
}

/**
 * The chunk artifact of a stored image: per layer, an index blob and the packs of that layer's
 * records (so that a layer shared by two images, or two versions, has the same index and packs).
 * `pushedAs` is the manifest the registry holds, when push made a new one (the subject).
 * Each pack is handed to `onPack` as it is sealed (to upload it while the next is built);
 * memory holds one pack and a few chunks at a time.
 */
export async function buildChunkArtifact(store: Store, manifestDigest: string, pushedAs: Descriptor | undefined, onPack: (pack: BuiltPack) => Promise<void>): Promise<ChunkArtifact> {
  const image = await store.getImage(manifestDigest);
  const manifestBytes = await store.getBlob(image.manifest);
  const chunker = formatChunkerIdentity(store.chunkerIdentity);
  const indexes: { descriptor: Descriptor; bytes: Buffer }[] = [];
  const packDescriptors: Descriptor[] = [];
  let chunks = 0;
  let chunkBytes = 0;
  let packBytes = 0;
  for (const layer of image.layers) {
    const packs = new PackBuilder(onPack);
    const addFiles = async (digests: string[]): Promise<void> => {
      for (const file of digests) {
        if (packs.has(ObjectKind.FileRecipe, file)) continue;
        const recipe = await store.getFileRecipe(file);
        await packs.add(ObjectKind.FileRecipe, file, encodeFileRecipe(recipe), false);
        const local = new Set<string>();
        const wanted = recipe.chunks.filter((c) => !packs.has(ObjectKind.Chunk, c.digest) && !local.has(c.digest) && local.add(c.digest) !== undefined);
        for (let i = 0; i < wanted.length; i += 16) {
          const batch = wanted.slice(i, i + 16);
          const data = await store.readChunks(batch.map((c) => c.digest));
          for (const [j, c] of batch.entries()) {
            await packs.add(ObjectKind.Chunk, c.digest, data[j]!, true);
            chunks++;
            chunkBytes += c.length;
          }
        }
      }
    };
    const recipe = await store.getLayerRecipe(layer.diffId);
    const parts: IndexedLayer['parts'] = [];
    let segments: LayerSegment[] = [];
    let encoded = 0;
    const cut = async (): Promise<void> => {
      const part = encodeLayerPart(segments);
      parts.push({ digest: part.digest, tarLength: part.tarLength });
      await packs.add(ObjectKind.LayerPart, part.digest, part.bytes, true);
      await addFiles(segments.flatMap((s) => (s.kind === 'file' ? [s.digest] : [])));
      segments = [];
      encoded = 0;
    };
    for await (const segment of recipe.segments) {
      segments.push(segment);
      encoded += segment.kind === 'framing' ? segment.bytes.length + 9 : 42;
      if (segment.kind === 'file' ? isPartCut(segment.digest, encoded) : encoded >= PART_MAX) await cut();
    }
    if (segments.length > 0) await cut();
    await packs.seal();
    const bytes = encodeChunkIndex({ chunker, packs: packs.packs, layers: [{ diffId: layer.diffId, tarLength: recipe.tarLength, parts }] });
    indexes.push({ bytes, descriptor: { mediaType: CHUNK_INDEX_MEDIA_TYPE, digest: `sha256:${sha(bytes)}`, size: bytes.length, annotations: { [ANNOTATION_DIFFID]: layer.diffId } } });
    for (const p of packs.packs) {
      if (!packDescriptors.some((d) => d.digest === p.digest)) packDescriptors.push({ mediaType: CHUNK_PACK_MEDIA_TYPE, digest: p.digest, size: p.size });
    }
    packBytes += packs.packBytes;
  }
  const subject: Descriptor = pushedAs ?? { mediaType: image.manifestMediaType, digest: image.manifest, size: manifestBytes.length };
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: CHUNKS_ARTIFACT_TYPE,
    config: { mediaType: EMPTY_MEDIA_TYPE, digest: `sha256:${sha(EMPTY_JSON)}`, size: EMPTY_JSON.length },
    layers: [...indexes.map((i) => i.descriptor), ...packDescriptors],
    subject,
    annotations: { [ANNOTATION_CHUNKER]: chunker },
  }));
  return { subject, indexes, packs: packDescriptors, manifest, manifestDigest: `sha256:${sha(manifest)}`, chunks, chunkBytes, packBytes };
}
