/**
 * Building the chunk artifact of a stored image (docs/registry.md): its layer recipes (re-cut
 * into content-defined parts), file recipes and chunks as records in content-addressed packs,
 * and the index that says where each one is. Pack and part boundaries depend only on the
 * records' digests (and sizes), never on their position, so the packs of v2 are v1's wherever
 * the two share a run of content: a later push uploads only the packs the repository lacks.
 */
import type { WrittenDescriptor } from '../../oci/index.js';
import { createHash } from 'node:crypto';
import type { Store } from '../../store/index.js';
import type { CompressPool } from '../../store/compress-pool.js';
import {
  ANNOTATION_BLOB, ANNOTATION_CHUNKER, ANNOTATION_DIFFID, CHUNK_INDEX_MEDIA_TYPE, CHUNK_PACK_MEDIA_TYPE, CHUNKS_ARTIFACT_TYPE, EMPTY_JSON, EMPTY_MEDIA_TYPE, OCI_MANIFEST,
  encodeChunkIndex, encodeRecordHeader, type IndexedPack,
} from './format.js';
import { layerRecords, type LayerParts, type PackRecord } from './records.js';

export { PART_CUT_ONE_IN, PART_MAX, PART_MIN, RECORD_ZSTD_LEVEL, isPartCut } from './records.js';

/** A pack is closed at a cut record once it holds PACK_MIN bytes, and always at PACK_MAX. */
export const PACK_MIN = 512 << 10;
export const PACK_MAX = 8 << 20;
/** Past PACK_MIN, a record of n bytes is a cut with probability n / PACK_CUT_SPAN: packs average about PACK_MIN + PACK_CUT_SPAN. */
export const PACK_CUT_SPAN = 512 << 10;

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const lead32 = (hex: string): number => Number.parseInt(hex.slice(0, 8), 16);

export type Descriptor = WrittenDescriptor;

export interface BuiltPack {
  digest: string;
  bytes: Buffer;
}

/** One layer's chunk index and what it took. */
export interface LayerIndex {
  diffId: string;
  descriptor: Descriptor;
  bytes: Buffer;
  /** the layer's packs, in order */
  packs: Descriptor[];
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

class PackBuilder {
  #records: Buffer[] = [];
  #objects: IndexedPack['objects'] = [];
  #size = 0;
  readonly packs: IndexedPack[] = [];
  packBytes = 0;

  /** Adds a record; returns the pack it closed, if it closed one. */
  add(record: PackRecord): BuiltPack | undefined {
    const { kind, digest, codec, rawLength, stored } = record;
    const head = encodeRecordHeader({ digest, kind, codec, rawLength, storedLength: stored.length });
    this.#records.push(head, Buffer.from(stored.buffer, stored.byteOffset, stored.length));
    const length = head.length + stored.length;
    this.#objects.push({ kind, digest, length });
    this.#size += length;
    return isPackCut(digest, length, this.#size) ? this.seal() : undefined;
  }

  seal(): BuiltPack | undefined {
    if (this.#objects.length === 0) return undefined;
    const bytes = Buffer.concat(this.#records);
    const digest = `sha256:${sha(bytes)}`;
    this.packs.push({ digest, size: bytes.length, objects: this.#objects });
    this.packBytes += bytes.length;
    this.#records = [];
    this.#objects = [];
    this.#size = 0;
    return { digest, bytes };
  }
}

/**
 * The chunk index of one stored layer and its packs (so that a layer shared by two images, or
 * two versions, has the same index and packs). Each pack is handed to `onPack` as it is sealed
 * (to upload it while the next is built; the builder waits for what `onPack` returns, which
 * bounds the packs in flight); chunks are compressed on `pool`'s workers, ahead of the builder.
 */
export async function buildLayerIndex(store: Store, diffId: string, chunker: string, pool: CompressPool, onPack: (pack: BuiltPack) => Promise<void>): Promise<LayerIndex> {
  const packs = new PackBuilder();
  const into: LayerParts = { parts: [], chunks: 0, chunkBytes: 0 };
  for await (const record of layerRecords(store, diffId, pool, into)) {
    const sealed = packs.add(record);
    if (sealed) await onPack(sealed);
  }
  const last = packs.seal();
  if (last) await onPack(last);
  const recipe = await store.getLayerRecipe(diffId);
  const bytes = encodeChunkIndex({ chunker, packs: packs.packs, layers: [{ diffId, tarLength: recipe.tarLength, parts: into.parts }] });
  return {
    diffId,
    bytes,
    descriptor: indexDescriptor(diffId, bytes),
    packs: packs.packs.map((p) => ({ mediaType: CHUNK_PACK_MEDIA_TYPE, digest: p.digest, size: p.size })),
    chunks: into.chunks,
    chunkBytes: into.chunkBytes,
    packBytes: packs.packBytes,
  };
}

/** The descriptor of a layer's chunk index blob. */
export function indexDescriptor(diffId: string, bytes: Buffer): Descriptor {
  return { mediaType: CHUNK_INDEX_MEDIA_TYPE, digest: `sha256:${sha(bytes)}`, size: bytes.length, annotations: { [ANNOTATION_DIFFID]: diffId } };
}

/**
 * The chunk artifact manifest (docs/registry.md): the layers' indexes in the image's layer
 * order, then every pack once, `subject` the image manifest as the registry holds it.
 * `blobs[i]`: the blob description of layer i's blob, where the store reproduces it or was told how.
 */
export function chunkArtifactManifest(indexes: readonly LayerIndex[], subject: Descriptor, chunker: string, blobs: readonly (string | undefined)[] = []): { bytes: Buffer; digest: string } {
  const packs = new Map<string, Descriptor>();
  for (const index of indexes) for (const p of index.packs) if (!packs.has(p.digest)) packs.set(p.digest, p);
  const bytes = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: CHUNKS_ARTIFACT_TYPE,
    config: { mediaType: EMPTY_MEDIA_TYPE, digest: `sha256:${sha(EMPTY_JSON)}`, size: EMPTY_JSON.length },
    layers: [...indexes.map((i, at) => withBlob(i.descriptor, blobs[at])), ...packs.values()],
    subject,
    annotations: { [ANNOTATION_CHUNKER]: chunker },
  }));
  return { bytes, digest: `sha256:${sha(bytes)}` };
}

function withBlob(descriptor: Descriptor, blob: string | undefined): Descriptor {
  return blob === undefined ? descriptor : { ...descriptor, annotations: { ...descriptor.annotations, [ANNOTATION_BLOB]: blob } };
}
