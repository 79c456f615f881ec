/**
 * Writing an image as an OCI image layout (image-spec "image-layout.md"): the config blob
 * verbatim (so the image ID and DiffIDs do not change), each layer rebuilt from its recipe,
 * verified against its DiffID, and either given back as the original blob (src/reblob:
 * rebuilt byte for byte, checked against its digest) or compressed anew (gzip, zstd) or left
 * uncompressed; the original manifest verbatim when every layer blob is the original, else a
 * new manifest naming those blobs; and an index.json entry with the tag as
 * `org.opencontainers.image.ref.name` (added to the layout's index: layout-target.ts). Blobs
 * are written to temporary files and renamed into place once their digest is known.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createParallelGzip } from '../parallel-gzip.js';
import { createZstdStream } from '../zstd-stream.js';
import { BadInputError, CairnError } from '../errors.js';
import { fsReason } from '../fs-errors.js';
import { MEDIA_TYPES, type ImageRecord } from '../recipe/index.js';
import { rebuildLayer } from '../tar/index.js';
import { writeLayerTar } from '../disk/layer-file.js';
import type { Store } from '../store/index.js';
import { addToIndex, openLayoutTarget, writeLayoutIndex } from './layout-target.js';
import { imageBlobsFor, refuted, type LayerBlobSource } from '../reblob/index.js';
import { syncFileWriter } from '../sync-file-writer.js';

/** `original`: the blobs (and manifest) the image came with where the store can rebuild them. */
export type LayerCompression = 'original' | 'gzip' | 'zstd' | 'none';

export interface ExportOciOptions {
  /** @default 'original' */
  compression?: LayerCompression;
  /** ref.name written in index.json. @default the tag of the image's first name, else 'latest' */
  tag?: string;
  signal?: AbortSignal;
}

/** Streams a layer's tar (verified against its DiffID), optionally compressed, into `path`; returns digest and size of what was written. */
export async function writeLayerFile(store: Store, diffId: string, path: string, compression: Exclude<LayerCompression, 'original'>): Promise<{ digest: string; size: number }> {
  const recipe = await store.getLayerRecipe(diffId);
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const stages: NodeJS.ReadWriteStream[] = [];
  if (compression === 'gzip') stages.push(createParallelGzip({ level: 6 }));
  if (compression === 'zstd') stages.push(createZstdStream({ compressionLevel: 3 }));
  try {
    // Chunks read unchecked, the DiffID covering them: a layer that does not match removes the file.
    await pipeline(Readable.from(rebuildLayer(recipe, diffId, store, { checkChunks: false })), ...(stages as [NodeJS.ReadWriteStream]), counter, syncFileWriter(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { digest: 'sha256:' + hash.digest('hex'), size };
}

function tagOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const at = name.lastIndexOf(':');
  return at > name.lastIndexOf('/') ? name.slice(at + 1) : 'latest';
}

/** One layer as written: its blob, and whether it is the blob the image came with. */
export interface ExportedLayer {
  diffId: string;
  digest: string;
  size: number;
  mediaType: string;
  reproduced: boolean;
  /** Why the original blob was not written (compression `original` only). */
  reason?: string;
}

/** Streams a layer blob into `path`; returns digest and size of what was written. */
async function writeBlobFile(blob: LayerBlobSource, path: string, signal?: AbortSignal): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(blob.open(signal)), counter, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { digest: 'sha256:' + hash.digest('hex'), size };
}

/** An uncompressed layer, written by the writer thread (disk/layer-file.ts): its digest is its DiffID, checked as it was written. */
async function uncompressedLayer(store: Store, diffId: string, path: string): Promise<{ digest: string; size: number }> {
  await rm(path, { force: true });
  return { digest: diffId, size: await writeLayerTar(store, diffId, path) };
}

/** Docker schema 2 layer types, as an OCI manifest names the same bytes. */
const OCI_LAYER_TYPES: Record<string, string> = {
  [MEDIA_TYPES.dockerLayerGzip]: MEDIA_TYPES.layerGzip,
  [MEDIA_TYPES.dockerLayer]: MEDIA_TYPES.layerTar,
};

/**
 * The new OCI manifest of an image whose layer blobs are not all the original ones: the
 * original's config media type (docker's named as OCI's) and annotations, these blobs.
 * Export and push both make it here, so both give the same bytes.
 */
export function newImageManifest(
  original: { config?: { mediaType?: string }; annotations?: Record<string, string> },
  config: { digest: string; size: number },
  layers: readonly { mediaType: string; digest: string; size: number }[],
): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: original.config?.mediaType === MEDIA_TYPES.dockerConfig ? MEDIA_TYPES.config : original.config?.mediaType ?? MEDIA_TYPES.config, ...config },
    layers: layers.map((l) => ({ mediaType: OCI_LAYER_TYPES[l.mediaType] ?? l.mediaType, digest: l.digest, size: l.size })),
    ...(original.annotations ? { annotations: original.annotations } : {}),
  }));
}

/**
 * Writes image `manifestDigest` into the OCI layout `dir`: created if missing, added to if it
 * is a layout (its other images and tags are kept; see layout-target.ts), refused otherwise.
 * With compression `original` (the default), every layer whose original blob the store can
 * rebuild is written byte for byte (checked against its digest); when that is every layer,
 * the original manifest is written verbatim, so the manifest digest is the image's own.
 * Otherwise the other layers are gzip-compressed and a new manifest names the blobs.
 */
export async function exportOciLayout(store: Store, manifestDigest: string, dir: string, options: ExportOciOptions = {}): Promise<{ manifest: string; original: boolean; source: string; layers: ExportedLayer[] }> {
  const record: ImageRecord = await store.getImage(manifestDigest);
  const compression = options.compression ?? 'original';
  const target = await openLayoutTarget(dir);
  const blobs = join(dir, 'blobs', 'sha256');
  const writing = <T>(work: Promise<T>): Promise<T> => work.catch((cause: unknown) => {
    if (cause instanceof CairnError) throw cause;
    throw new BadInputError(`cannot write the layout in ${dir}: ${fsReason(cause)}`, { path: dir, cause });
  });
  await writing(mkdir(blobs, { recursive: true }));
  const putBlob = async (bytes: Buffer): Promise<{ digest: string; size: number }> => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writing(writeFile(join(blobs, hex), bytes));
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const config = await store.getBlob(record.config);
  const configDescriptor = await putBlob(config);
  const original = JSON.parse((await store.getBlob(record.manifest)).toString('utf8')) as { config?: { mediaType?: string }; annotations?: Record<string, string> };
  const plan = await imageBlobsFor(store, record, compression);
  const layers: ExportedLayer[] = [];
  for (const [i, layer] of record.layers.entries()) {
    if (options.signal?.aborted) throw new BadInputError('aborted');
    let blob = plan.layers[i]!;
    const tmp = join(blobs, `.tmp-${process.pid}-${i}`);
    let written: { digest: string; size: number };
    try {
      written = await writing(compression === 'none' ? uncompressedLayer(store, layer.diffId, tmp) : writeBlobFile(blob, tmp, options.signal));
    } catch (error) {
      // An unconfirmed description (from a chunk artifact or a bundle) that did not make the blob: the tar compressed anew.
      if (!refuted(blob, error)) throw error;
      blob = blob.fallback!();
      written = await writing(writeBlobFile(blob, tmp, options.signal));
    }
    await writing(rename(tmp, join(blobs, written.digest.slice('sha256:'.length))));
    const mediaType = blob.reproduced ? layer.mediaType : blob.mediaType;
    layers.push({ diffId: layer.diffId, ...written, mediaType, reproduced: blob.reproduced, ...(blob.reason ? { reason: blob.reason } : {}) });
  }
  const verbatim = plan.original && layers.every((l) => l.reproduced);
  const manifest = plan.manifest && verbatim ? plan.manifest.bytes : newImageManifest(original, configDescriptor, layers);
  const manifestDescriptor = await putBlob(manifest);
  const names = (await store.listNames()).filter((n) => n.image === record.manifest).map((n) => n.name);
  const tag = options.tag ?? tagOf(names[0]) ?? 'latest';
  const manifestType = verbatim ? record.manifestMediaType : MEDIA_TYPES.manifest;
  const entry = { mediaType: manifestType, ...manifestDescriptor, ...(record.platform ? { platform: record.platform } : {}) };
  await writeLayoutIndex(target, addToIndex(target.index, entry, tag));
  return { manifest: manifestDescriptor.digest, original: verbatim, source: record.source, layers };
}
