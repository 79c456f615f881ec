/**
 * Partial pull by chunks (docs/registry.md): from an image's chunk artifact, fetch only the
 * layer parts, file recipes and chunks the store lacks, with Range requests; store the files
 * batch by batch (each batch committed, so an interrupted pull resumes where it stopped);
 * rebuild every layer and check its DiffID before its recipe is stored; then the image record
 * and its names.
 */
import { CorruptDataError } from '../../errors.js';
import { formatChunkerIdentity } from '../../chunker/index.js';
import { decodeFileRecipe, decodeLayerPart, openLayerRecipe } from '../../recipe/index.js';
import { outcomeOf, unconfirmedDescription, type BlobDescription, type BlobOutcome } from '../../reblob/index.js';
import type { Store } from '../../store/index.js';
import { checkLayer } from '../../tar/index.js';
import type { Descriptor } from './build.js';
import { RangeFetcher } from './fetcher.js';
import {
  ANNOTATION_BLOB, ANNOTATION_DIFFID, CHUNK_INDEX_MEDIA_TYPE, CHUNK_PACK_MEDIA_TYPE, CHUNKS_ARTIFACT_TYPE, ObjectKind, decodeChunkIndex, locateObjects, objectKey, type ChunkIndex, type IndexedLayer, type IndexedObject,
} from './format.js';
import { storeFiles, WINDOW_BYTES } from './files.js';
import { describeObject, fetchObjects } from './objects.js';
import { fetchManifest, listReferrers } from './referrers.js';
import type { ChunkRemote, Traffic } from './remote.js';

/** Files are stored, and committed, in windows of about this many bytes of chunks to fetch. */
export const BATCH_BYTES = WINDOW_BYTES;

export interface LayerOutcome {
  diffId: string;
  via: 'chunks';
  tarBytes: number;
  /**
   * The blob description the artifact carried for the layer's blob: kept, to be confirmed by
   * the first export or push ('unconfirmed'), or why not; absent when it carried none, the
   * store had one, or none was asked for.
   */
  blob?: BlobOutcome;
}

export interface ChunkPullReport {
  manifest: string;
  artifact: string;
  layers: LayerOutcome[];
  files: number;
  chunks: number;
  /** raw bytes of the chunks fetched */
  chunkBytes: number;
  rangeSupport: string;
}

export interface FoundArtifact {
  artifact: string;
  /** the chunk index of each layer, in the image's layer order, with its DiffID and the blob description it carries */
  indexes: { diffId: string; descriptor: Descriptor; blob?: string }[];
  packs: Set<string>;
}

/** The chunk artifact of `subject`, if the repository has one: its manifest digest, per-layer indexes and packs. */
export async function findChunkArtifact(remote: ChunkRemote, subject: string, traffic: Traffic): Promise<FoundArtifact | undefined> {
  const referrers = await listReferrers(remote, subject, traffic);
  let found: Descriptor | undefined;
  let bytes: Buffer | undefined;
  // The newest first; one deleted since it was listed is passed over.
  for (const d of referrers.filter((r) => r.artifactType === CHUNKS_ARTIFACT_TYPE).reverse()) {
    bytes = await fetchManifest(remote, d.digest, traffic);
    if (bytes) { found = d; break; }
  }
  if (!found || !bytes) return undefined;
  const manifest = JSON.parse(bytes.toString('utf8')) as {
    artifactType?: string; subject?: { digest?: string }; layers?: Descriptor[];
  };
  if (manifest.artifactType !== CHUNKS_ARTIFACT_TYPE || manifest.subject?.digest !== subject || !Array.isArray(manifest.layers)) {
    throw new CorruptDataError(`registry: chunk artifact ${found.digest} is not about ${subject}`, { digest: found.digest });
  }
  const indexes = manifest.layers.filter((l) => l.mediaType === CHUNK_INDEX_MEDIA_TYPE).map((descriptor) => {
    const blob = descriptor.annotations?.[ANNOTATION_BLOB];
    return { diffId: descriptor.annotations?.[ANNOTATION_DIFFID] ?? '', descriptor, ...(blob !== undefined ? { blob } : {}) };
  });
  const packs = new Set(manifest.layers.filter((l) => l.mediaType === CHUNK_PACK_MEDIA_TYPE).map((l) => l.digest));
  return { artifact: found.digest, indexes, packs };
}

/** The chunk indexes of the layers in `wanted`, fetched, checked and merged into one. */
async function fetchIndexes(fetcher: RangeFetcher, found: FoundArtifact, wanted: readonly string[]): Promise<ChunkIndex> {
  const merged: ChunkIndex = { chunker: '', packs: [], layers: [] };
  const packs = new Set<string>();
  for (const diffId of wanted) {
    const ref = found.indexes.find((i) => i.diffId === diffId)!;
    const index = decodeChunkIndex(await fetcher.whole(ref.descriptor, 'metadata'));
    if (index.layers.length !== 1 || index.layers[0]!.diffId !== diffId) throw new CorruptDataError(`registry: the chunk index of layer ${diffId} is about another layer`, { digest: diffId });
    merged.layers.push(index.layers[0]!);
    merged.chunker = index.chunker;
    for (const pack of index.packs) {
      if (!found.packs.has(pack.digest)) throw new CorruptDataError(`registry: chunk index names pack ${pack.digest}, which its manifest does not list`);
      if (packs.has(pack.digest)) continue;
      packs.add(pack.digest);
      merged.packs.push(pack);
    }
  }
  return merged;
}

/**
 * The blob description the artifact carries for `layer`, as the store keeps it (unconfirmed),
 * where the request asks for descriptions and the store has none for that blob: undefined when
 * there is none, a string when it cannot serve (why).
 */
async function carriedDescription(store: Store, found: FoundArtifact, request: ChunkLayersRequest, layer: IndexedLayer): Promise<BlobDescription | string | undefined> {
  const at = found.indexes.findIndex((i) => i.diffId === layer.diffId && i.blob !== undefined);
  const blob = request.blobs?.[at];
  const text = found.indexes[at]?.blob;
  if (!blob || text === undefined || blob.digest === layer.diffId || (await store.getBlobDescription(blob.digest))) return undefined;
  return unconfirmedDescription(text, {
    digest: blob.digest, size: blob.size ?? 0, mediaType: blob.mediaType ?? '', diffId: layer.diffId, descriptor: JSON.stringify(blob), tarLength: layer.tarLength,
  }, `the chunk artifact ${found.artifact}`);
}

/** The layers a pull wants by chunks. */
export interface ChunkLayersRequest {
  /** the image manifest's digest, as the registry serves it (the artifact's subject) */
  subject: string;
  /** the config's DiffIDs, in order */
  diffIds: readonly string[];
  /** the DiffIDs the store lacks */
  wanted: readonly string[];
  /** files are stored and committed in batches of about this many bytes of chunks to fetch @default BATCH_BYTES */
  batchBytes?: number;
  /** check chunks and hash files on a worker thread (true) or the calling one (false) @default by the files' size (WORKER_MIN_BYTES) */
  checkOnWorker?: boolean;
  /** the image manifest's layer descriptors, in order: with them, the blob descriptions the artifact carries are kept (unconfirmed) */
  blobs?: readonly LayerBlob[];
}

/** A layer descriptor of the image manifest. */
export interface LayerBlob {
  digest: string;
  size?: number;
  mediaType?: string;
}

/**
 * Obtains the `wanted` layers through the chunk artifact of `subject`: each one stored and
 * committed with its DiffID checked. Returns undefined when the repository has no chunk
 * artifact for the image (the caller fetches whole layers). On a failure, what was committed
 * stays (a next pull fetches only the rest) and the rest is dropped.
 */
export async function pullLayersByChunks(store: Store, remote: ChunkRemote, request: ChunkLayersRequest, traffic: Traffic): Promise<ChunkPullReport | undefined> {
  const fetcher = new RangeFetcher(remote, traffic, (prefix) => store.scratchDir(prefix));
  try {
    const found = await findChunkArtifact(remote, request.subject, traffic);
    if (!found) return undefined;
    const diffIds = request.diffIds;
    if (found.indexes.length !== diffIds.length || found.indexes.some((l, i) => l.diffId !== diffIds[i])) {
      throw new CorruptDataError(`registry: the chunk artifact of ${request.subject} does not list the image's layers`);
    }
    const absent: string[] = [];
    for (const diffId of new Set(request.wanted)) if (!(await store.hasLayer(diffId))) absent.push(diffId);
    const index = await fetchIndexes(fetcher, found, absent);
    const report: ChunkPullReport = {
      manifest: request.subject, artifact: found.artifact, layers: [], files: 0, chunks: 0, chunkBytes: 0, rangeSupport: '',
    };
    const located = locateObjects(index);
    const packSizes = new Map(index.packs.map((p) => [p.digest, p.size]));
    const entry = (kind: ObjectKind, digest: string): IndexedObject => {
      const e = located.get(objectKey(kind, digest));
      if (!e) throw new CorruptDataError(`registry: the chunk index lacks ${describeObject({ kind, digest })}`);
      return e;
    };
    const missing = index.layers;
    // 1. The layer parts the store lacks.
    const partDigests = [...new Set(missing.flatMap((l) => l.parts.map((p) => p.digest)))];
    const partsHeld = await store.holdsMany('part', partDigests);
    const parts = await fetchObjects(fetcher, partDigests.filter((_, i) => !partsHeld[i]).map((d) => entry(ObjectKind.LayerPart, d)), packSizes);
    const partBytes = async (digest: string): Promise<Buffer> => parts.get(objectKey(ObjectKind.LayerPart, digest)) ?? store.getLayerPart(digest);
    // 2. The file recipes of the files the store lacks.
    const seenFiles = new Set<string>();
    for (const layer of missing) {
      for (const ref of layer.parts) {
        for (const s of decodeLayerPart(await partBytes(ref.digest), ref).segments) if (s.kind === 'file') seenFiles.add(s.digest);
      }
    }
    const candidates = [...seenFiles];
    const filesHeld = await store.holdsMany('file', candidates);
    const files = candidates.filter((_, i) => !filesHeld[i]);
    const recipeBytes = await fetchObjects(fetcher, files.map((d) => entry(ObjectKind.FileRecipe, d)), packSizes);
    // 3. Chunks, window by window: fetch what the store lacks, store the files, commit.
    const stored = await storeFiles(store, files.map((hex) => ({ hex, recipe: decodeFileRecipe(recipeBytes.get(objectKey(ObjectKind.FileRecipe, hex))!) })), {
      fetcher, packSizes, entry: (digest) => entry(ObjectKind.Chunk, digest),
      direct: index.chunker === formatChunkerIdentity(store.chunkerIdentity),
      ...(request.batchBytes !== undefined ? { windowBytes: request.batchBytes } : {}),
      ...(request.checkOnWorker !== undefined ? { checkOnWorker: request.checkOnWorker } : {}),
    });
    report.files = stored.files;
    report.chunks = stored.chunks;
    report.chunkBytes = stored.chunkBytes;
    // 4. Every layer rebuilt from its recipe and the store, hashed against its DiffID, before its
    // recipe is stored. Its chunks are read unchecked: each new one was checked as it arrived,
    // the DiffID covers every byte, and a layer that does not match is read again checked, so
    // that the error names a damaged chunk of the store (rebuildLayer, checkChunks).
    for (const layer of missing) {
      const recipe = openLayerRecipe({ tarLength: layer.tarLength, parts: layer.parts }, partBytes);
      await checkLayer(recipe, layer.diffId, store, { checkChunks: false });
      for (const ref of layer.parts) await store.putLayerPart(await partBytes(ref.digest));
      await store.putLayerRecipe(layer.diffId, { parts: layer.parts });
      const outcome: LayerOutcome = { diffId: layer.diffId, via: 'chunks', tarBytes: layer.tarLength };
      // The blob description the artifact carries, kept unconfirmed (export and push check it).
      const description = await carriedDescription(store, found, request, layer);
      if (typeof description === 'string') outcome.blob = { reproduced: false, reason: description };
      else if (description) {
        await store.putBlobDescription(description);
        outcome.blob = outcomeOf(description);
      }
      report.layers.push(outcome);
    }
    await store.commit();
    report.rangeSupport = fetcher.support ?? 'unknown';
    return report;
  } catch (error) {
    await store.abort();
    throw error;
  } finally {
    await fetcher.close();
  }
}
