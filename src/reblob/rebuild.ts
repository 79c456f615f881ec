/**
 * A layer's blob for export and push: the original compressed blob, rebuilt byte for byte
 * from the layer's tar and its blob description (record kind 10), or, where the store cannot
 * rebuild it, the tar compressed anew. Every byte is streamed; the digest of what streams is
 * computed on the way and, for a rebuilt original, checked at its end: a mismatch throws
 * CorruptDataError before the stream ends, so a consumer that only keeps a completed stream
 * (a file renamed into place, an upload committed with its digest) never keeps a wrong blob.
 */
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import { createParallelGzip } from '../parallel-gzip.js';
import { createZstdStream } from '../zstd-stream.js';
import { BadInputError, CorruptDataError } from '../errors.js';
import { crc32Update, type GzipDescriptor, type StreamParams } from '../deflate/index.js';
import { workerDeflate } from './confirm.js';
import { ZLIB_CHUNK } from '../zlib-chunk.js';
import { MEDIA_TYPES, type ImageLayer, type ImageRecord } from '../recipe/index.js';
import { rebuildLayer } from '../tar/index.js';
import type { Store } from '../store/index.js';
import { rebuildOf, type BlobRebuild } from './description.js';
import { zstdRebuilder } from './zstd-witness.js';

/** `original`: the blob the image came with where the store can rebuild it, else gzip. */
export type BlobCompression = 'original' | 'gzip' | 'zstd' | 'none';

export interface LayerBlobSource {
  diffId: string;
  /** The manifest's descriptor, when the original blob is what streams (digest known before a byte is read). */
  original?: { mediaType: string; digest: string; size: number };
  /** The media type of what streams. */
  mediaType: string;
  /** Whether the original blob is what streams. */
  reproduced: boolean;
  /**
   * Set when the original blob streams from a description not yet confirmed (kept at pull or
   * apply): where what it makes has another digest, open() throws CorruptDataError at the end
   * (see refuted()), and the caller takes this instead: the tar compressed anew (gzip), with a
   * `reason`.
   */
  fallback?: () => LayerBlobSource;
  /** Why the original blob is not what streams (compress `original` only). */
  reason?: string;
  /** The blob's bytes; each call streams them anew. */
  open(signal?: AbortSignal): AsyncGenerator<Uint8Array>;
}

/** Image sources whose manifest and layer blobs cairn made itself (uncompressed): `original` gives gzip. */
const CAIRN_MADE = new Set(['directory', 'layer-tar']);

const FALLBACK_TYPES = { gzip: MEDIA_TYPES.layerGzip, zstd: MEDIA_TYPES.layerZstd, none: MEDIA_TYPES.layerTar };

/** Whether the store can give back this layer's original blob, and why not. */
export async function originalBlob(store: Store, layer: ImageLayer): Promise<{ ok: true; rebuild?: BlobRebuild; size?: number; unconfirmed?: boolean } | { ok: false; reason: string }> {
  // An uncompressed layer blob is the tar itself.
  if (layer.digest === layer.diffId) return { ok: true };
  const description = await store.getBlobDescription(layer.digest);
  if (!description) return { ok: false, reason: 'the store has no description of the original blob (ingested or pulled with --no-blob-descriptions or before cairn kept them, or its layer was already stored)' };
  if (description.diffId !== layer.diffId) return { ok: false, reason: `the blob description names layer ${description.diffId}` };
  const rebuild = rebuildOf(description);
  if (!rebuild) return { ok: false, reason: (description as { reason: string }).reason };
  return { ok: true, rebuild, size: description.size, unconfirmed: !description.reproduced };
}

/**
 * Layer `layerIndex` of `image` (a manifest digest the store holds, or its record) as a blob
 * compressed as asked. With `original`, the blob the manifest names where it is reproducible,
 * else gzip (level 6) and `reason` says why (an image cairn made from a directory or a lone
 * layer tar has no original blob: gzip).
 */
export async function layerBlobFor(store: Store, image: string | ImageRecord, layerIndex: number, compress: BlobCompression = 'original'): Promise<LayerBlobSource> {
  const record = typeof image === 'string' ? await store.getImage(image) : image;
  const layer = record.layers[layerIndex];
  if (!layer) throw new BadInputError(`image ${record.manifest} has no layer ${layerIndex} (it has ${record.layers.length})`);
  const tar = (signal?: AbortSignal) => tarStream(store, layer.diffId, signal);
  if (compress === 'original' && CAIRN_MADE.has(record.source)) {
    return { ...fallback(layer.diffId, 'gzip', tar), reason: `no original blob: cairn made this image from a ${record.source}` };
  }
  if (compress === 'original') {
    const found = await originalBlob(store, layer);
    if (found.ok) {
      const size = found.size ?? layer.tarBytes;
      const original = { mediaType: layer.mediaType, digest: layer.digest, size };
      const rebuild = found.rebuild;
      return {
        diffId: layer.diffId, original, mediaType: layer.mediaType, reproduced: true,
        open: (signal) => checked(rebuild ? compressed(tar(signal), rebuild) : tar(signal), original),
        ...(found.unconfirmed ? {
          fallback: () => ({ ...fallback(layer.diffId, 'gzip', tar), reason: 'its unconfirmed description (from its first MiB at pull, a chunk artifact or a bundle) does not reproduce the original blob' }),
        } : {}),
      };
    }
    return { ...fallback(layer.diffId, 'gzip', tar), reason: found.reason };
  }
  return fallback(layer.diffId, compress, tar);
}

/** Whether `error` is an unconfirmed original blob's digest check failing (its `fallback` then serves). */
export function refuted(blob: LayerBlobSource, error: unknown): boolean {
  return blob.fallback !== undefined && error instanceof CorruptDataError && error.digest === blob.original?.digest;
}

function fallback(diffId: string, compress: 'gzip' | 'zstd' | 'none', tar: (signal?: AbortSignal) => AsyncGenerator<Uint8Array>): LayerBlobSource {
  const stage = (): Transform | undefined => (compress === 'gzip' ? createParallelGzip({ level: 6 }) : compress === 'zstd' ? createZstdStream({ compressionLevel: 3 }) : undefined);
  return {
    diffId,
    mediaType: FALLBACK_TYPES[compress],
    reproduced: false,
    open: (signal) => {
      const s = stage();
      return s ? piped(tar(signal), s) : tar(signal);
    },
  };
}

async function* tarStream(store: Store, diffId: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const recipe = await store.getLayerRecipe(diffId);
  for await (const piece of rebuildLayer(recipe, diffId, store)) {
    if (signal?.aborted) throw new BadInputError('aborted');
    yield piece;
  }
}

async function* piped(source: AsyncIterable<Uint8Array>, stage: NodeJS.ReadWriteStream): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  input.on('error', (error) => (stage as Transform).destroy(error));
  input.pipe(stage);
  try {
    for await (const piece of stage as AsyncIterable<Buffer>) yield piece;
  } finally {
    input.destroy();
    (stage as Transform).destroy();
  }
}

/** The tar compressed again as its description says. */
function compressed(tar: AsyncGenerator<Uint8Array>, rebuild: GzipDescriptor | { format: 'zstd' }): AsyncGenerator<Uint8Array> {
  if (rebuild.format === 'zstd') return piped(tar, zstdRebuilder(rebuild as Parameters<typeof zstdRebuilder>[0]));
  return gzipMember(tar, rebuild);
}

async function* gzipMember(tar: AsyncGenerator<Uint8Array>, d: GzipDescriptor): AsyncGenerator<Uint8Array> {
  const member = d.members[0]!;
  const params = member.deflate as StreamParams;
  yield Buffer.from(member.header, 'hex');
  let crc = 0;
  let size = 0;
  const counted = async function* (): AsyncGenerator<Uint8Array> {
    for await (const piece of tar) {
      crc = crc32Update(crc, piece);
      size += piece.length;
      yield piece;
    }
  };
  if (params.impl === 'zlib-1.3.1') {
    yield* piped(counted(), createDeflateRaw({ level: params.level, memLevel: params.memLevel, windowBits: params.windowBits, strategy: params.strategy, chunkSize: ZLIB_CHUNK }));
  } else {
    yield* workerDeflate(params, counted());
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  yield trailer;
  if (d.tail) yield Buffer.from(d.tail, 'hex');
}

/**
 * Passes `source` through, one piece behind: the last piece is handed on only once the whole
 * had exactly this digest and size, so a wrong blob is never given whole (CorruptDataError).
 */
async function* checked(source: AsyncIterable<Uint8Array>, expected: { digest: string; size: number }): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let size = 0;
  let held: Uint8Array | undefined;
  for await (const piece of source) {
    hash.update(piece);
    size += piece.length;
    if (size > expected.size) throw new CorruptDataError(`the rebuilt blob ${expected.digest} is longer than its ${expected.size} bytes`, { digest: expected.digest });
    if (held) yield held;
    held = piece;
  }
  const digest = `sha256:${hash.digest('hex')}`;
  if (digest !== expected.digest || size !== expected.size) {
    throw new CorruptDataError(`the rebuilt blob hashes to ${digest} (${size} bytes), not ${expected.digest}: not written`, { digest: expected.digest });
  }
  if (held) yield held;
}

export interface ImageBlobs {
  /** Every layer is its original blob: `manifest` is the original manifest, verbatim. */
  original: boolean;
  /** The original manifest (when `original`). */
  manifest?: { bytes: Buffer; mediaType: string; digest: string };
  layers: LayerBlobSource[];
}

/**
 * Every layer blob of an image as `layerBlobFor` gives it, and, with `original`, whether the
 * original manifest can be sent verbatim (every layer reproduced). What a push calls first:
 * a new manifest, when it needs one, names the digests the layer streams turn out to have.
 */
export async function imageBlobsFor(store: Store, image: string | ImageRecord, compress: BlobCompression = 'original'): Promise<ImageBlobs> {
  const record = typeof image === 'string' ? await store.getImage(image) : image;
  const layers: LayerBlobSource[] = [];
  for (let i = 0; i < record.layers.length; i++) layers.push(await layerBlobFor(store, record, i, compress));
  const original = compress === 'original' && layers.every((l) => l.reproduced);
  if (!original) return { original, layers };
  return { original, layers, manifest: { bytes: await store.getBlob(record.manifest), mediaType: record.manifestMediaType, digest: record.manifest } };
}
