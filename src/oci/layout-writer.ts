/**
 * Writing an image as an OCI image layout (image-spec "image-layout.md"): the config blob
 * verbatim (so the image ID and DiffIDs do not change), each layer rebuilt from its recipe,
 * verified against its DiffID, and compressed (gzip by default) or left uncompressed, a new
 * manifest naming those blobs, and an index.json entry with the tag as
 * `org.opencontainers.image.ref.name` (added to the layout's index: layout-target.ts). Blobs
 * are written to temporary files and renamed into place once their digest is known.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createParallelGzip } from './parallel-gzip.js';
import { CompressStream } from 'zstd-napi';
import { BadInputError, CairnError } from '../errors.js';
import { fsReason } from '../fs-errors.js';
import { MEDIA_TYPES, type ImageRecord } from '../recipe/index.js';
import { rebuildLayer } from '../tar/index.js';
import type { Store } from '../store/index.js';
import { addToIndex, openLayoutTarget, writeLayoutIndex } from './layout-target.js';

export type LayerCompression = 'gzip' | 'zstd' | 'none';

export interface ExportOciOptions {
  /** @default 'gzip' */
  compression?: LayerCompression;
  /** ref.name written in index.json. @default the tag of the image's first name, else 'latest' */
  tag?: string;
  signal?: AbortSignal;
}

/** Streams a layer's tar (verified against its DiffID), optionally compressed, into `path`; returns digest and size of what was written. */
export async function writeLayerFile(store: Store, diffId: string, path: string, compression: LayerCompression): Promise<{ digest: string; size: number }> {
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
  if (compression === 'zstd') stages.push(new CompressStream({ compressionLevel: 3 }));
  try {
    await pipeline(Readable.from(rebuildLayer(recipe, diffId, store)), ...(stages as [NodeJS.ReadWriteStream]), counter, createWriteStream(path));
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

/**
 * Writes image `manifestDigest` into the OCI layout `dir`: created if missing, added to if it
 * is a layout (its other images and tags are kept; see layout-target.ts), refused otherwise.
 */
export async function exportOciLayout(store: Store, manifestDigest: string, dir: string, options: ExportOciOptions = {}): Promise<{ manifest: string; layers: { diffId: string; digest: string; size: number }[] }> {
  const record: ImageRecord = await store.getImage(manifestDigest);
  const compression = options.compression ?? 'gzip';
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
  const layers = [];
  for (const layer of record.layers) {
    if (options.signal?.aborted) throw new BadInputError('aborted');
    const tmp = join(blobs, `.tmp-${process.pid}-${layers.length}`);
    const written = await writing(writeLayerFile(store, layer.diffId, tmp, compression));
    await writing(rename(tmp, join(blobs, written.digest.slice('sha256:'.length))));
    layers.push({ diffId: layer.diffId, ...written });
  }
  const mediaType = { gzip: MEDIA_TYPES.layerGzip, zstd: MEDIA_TYPES.layerZstd, none: MEDIA_TYPES.layerTar }[compression];
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: original.config?.mediaType === MEDIA_TYPES.dockerConfig ? MEDIA_TYPES.config : original.config?.mediaType ?? MEDIA_TYPES.config, ...configDescriptor },
    layers: layers.map((l) => ({ mediaType, digest: l.digest, size: l.size })),
    ...(original.annotations ? { annotations: original.annotations } : {}),
  }));
  const manifestDescriptor = await putBlob(manifest);
  const names = (await store.listNames()).filter((n) => n.image === record.manifest).map((n) => n.name);
  const tag = options.tag ?? tagOf(names[0]) ?? 'latest';
  const entry = { mediaType: MEDIA_TYPES.manifest, ...manifestDescriptor, ...(record.platform ? { platform: record.platform } : {}) };
  await writeLayoutIndex(target, addToIndex(target.index, entry, tag));
  return { manifest: manifestDescriptor.digest, layers };
}
