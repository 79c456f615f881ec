/**
 * `cairn push`: an image from the store to a registry as a standard image. The image is first
 * written by the `export oci` path (src/oci: config verbatim, each layer rebuilt, checked
 * against its DiffID and compressed; where that path reproduces the original blobs, so does
 * push) into a temporary layout; then each blob the repository lacks (HEAD) is mounted from
 * another repository of the registry known to hold it, or uploaded (retried with backoff), and
 * the manifest is put under the tag. A registry that refuses the OCI manifest gets the docker
 * schema 2 form of it.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sha256Digest } from '../digest.js';
import { BadInputError } from '../errors.js';
import { exportOciLayout, type LayerCompression } from '../oci/index.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { knownLocation, rememberLocations } from './blob-locations.js';
import { RegistryClient, type RegistryClientOptions, type TrafficStats } from './client.js';
import { RegistryResponseError } from './errors.js';
import type { ManifestJson } from './manifest.js';
import { formatRegistryReference, type RegistryReference } from './reference.js';

export interface PushOptions extends RegistryClientOptions {
  /**
   * Layer compression: `original` sends the blobs the image was ingested with where the store can
   * rebuild them byte for byte (then the manifest, and its digest, are the original too), and
   * gzip for the others. @default 'original'
   */
  compression?: Exclude<LayerCompression, 'none'>;
  /** Upload in PATCH chunks of this many bytes instead of one PUT. */
  chunkSize?: number;
  /** Blob uploads at once. @default 3 */
  parallel?: number;
  /** Bytes uploaded so far of `total` (blobs that must be uploaded). */
  onProgress?: (event: { done: number; total: number }) => void;
  /** Each blob as it is settled. */
  onBlob?: (blob: PushedBlob) => void;
}

/** How a blob reached the repository: it was there, it was mounted, or it was uploaded. */
export type PushHow = 'present' | 'mounted' | 'uploaded';

export interface PushedBlob {
  kind: 'config' | 'layer';
  digest: string;
  size: number;
  /** Layers: the DiffID. */
  diffId?: string;
  how: PushHow;
}

export interface PushResult {
  /** The reference pushed to, fully qualified. */
  reference: string;
  /** The manifest digest in the registry. */
  manifest: string;
  mediaType: string;
  /** The store's manifest digest of the image. */
  storeManifest: string;
  /** True when the registry's manifest is the store's, byte for byte (same digest). */
  manifestKept: boolean;
  config: PushedBlob;
  layers: PushedBlob[];
  traffic: TrafficStats;
}

const DOCKER_LAYER: Record<string, string> = {
  [MEDIA_TYPES.layerGzip]: MEDIA_TYPES.dockerLayerGzip,
  [MEDIA_TYPES.layerTar]: MEDIA_TYPES.dockerLayer,
};

/** The docker schema 2 form of an OCI image manifest (zstd layers have none). */
export function dockerManifestOf(manifest: ManifestJson): Buffer {
  const layers = (manifest.layers ?? []).map((layer) => {
    const mediaType = DOCKER_LAYER[layer.mediaType ?? ''];
    if (mediaType === undefined) throw new BadInputError(`the registry refuses OCI manifests, and docker schema 2 has no media type for ${layer.mediaType} layers (push with --compress gzip)`);
    return { mediaType, size: layer.size, digest: layer.digest };
  });
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, size: manifest.config!.size, digest: manifest.config!.digest },
    layers,
  }));
}

/** True for the answers of a registry that does not take an OCI manifest. */
export function refusesOci(error: unknown): boolean {
  if (!(error instanceof RegistryResponseError)) return false;
  if (error.status === 415) return true;
  return error.status === 400 && error.codes.some((c) => c.code === 'MANIFEST_INVALID' || c.code === 'UNSUPPORTED');
}

/** Runs `work` on the items, `limit` at a time, in order of start. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

/** Pushes the stored image `manifestDigest` to `ref` (see the module comment). */
export async function pushImage(store: Store, manifestDigest: string, ref: RegistryReference, options: PushOptions = {}): Promise<PushResult> {
  const { repository } = ref;
  const dir = await mkdtemp(join(tmpdir(), 'cairn-push-'));
  const client = RegistryClient.forReference(ref, { ...options, push: true });
  try {
    const exported = await exportOciLayout(store, manifestDigest, dir, { compression: options.compression ?? 'original', tag: 'push' });
    const blobPath = (digest: string): string => join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
    const manifestBytes = await readFile(blobPath(exported.manifest));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as ManifestJson;
    const config = manifest.config!;
    const blobs: PushedBlob[] = [
      { kind: 'config', digest: config.digest, size: (await stat(blobPath(config.digest))).size, how: 'present' },
      ...exported.layers.map((l): PushedBlob => ({ kind: 'layer', digest: l.digest, size: l.size, diffId: l.diffId, how: 'present' })),
    ];
    // One upload per distinct blob (an image may list a layer twice).
    const distinct = [...new Map(blobs.map((b) => [b.digest, b])).values()];
    const missing: PushedBlob[] = [];
    for (const blob of distinct) {
      if ((await client.headBlob(repository, blob.digest)) !== undefined) continue;
      const from = await knownLocation(store.dir, ref.registry, blob.digest, repository);
      if (from !== undefined && (await client.mountBlob(repository, blob.digest, from))) blob.how = 'mounted';
      else missing.push(blob);
    }
    const total = missing.reduce((sum, b) => sum + b.size, 0);
    let done = 0;
    options.onProgress?.({ done, total });
    await eachLimited(missing, options.parallel ?? 3, async (blob) => {
      const open = (start: number, end: number) => {
        if (end <= start) return Readable.from([]);
        const stream = createReadStream(blobPath(blob.digest), { start, end: end - 1 });
        stream.on('data', (chunk) => {
          done += chunk.length;
          options.onProgress?.({ done: Math.min(done, total), total });
        });
        return stream;
      };
      await client.uploadBlob(repository, blob.digest, blob.size, open, { chunkSize: options.chunkSize, kind: blob.kind });
      blob.how = 'uploaded';
    });
    for (const blob of distinct) options.onBlob?.(blob);
    const byDigest = new Map(distinct.map((b) => [b.digest, b]));
    const settled = blobs.map((b) => ({ ...b, how: byDigest.get(b.digest)!.how }));
    const target = ref.tag ?? ref.digest!;
    let bytes: Buffer = manifestBytes;
    let mediaType = manifest.mediaType ?? MEDIA_TYPES.manifest;
    try {
      await client.putManifest(repository, target === ref.digest ? exported.manifest : target, bytes, mediaType);
    } catch (error) {
      if (!refusesOci(error)) throw error;
      bytes = dockerManifestOf(manifest);
      mediaType = MEDIA_TYPES.dockerManifest;
      await client.putManifest(repository, target === ref.digest ? exported.manifest : target, bytes, mediaType);
    }
    const pushed = sha256Digest(bytes);
    if (ref.digest !== undefined && ref.tag === undefined && ref.digest !== pushed) {
      throw new BadInputError(`push to ${formatRegistryReference(ref)}: the image's manifest is ${pushed}, not the digest given`);
    }
    await rememberLocations(store.dir, ref.registry, repository, distinct.map((b) => b.digest));
    return {
      reference: formatRegistryReference(ref),
      manifest: pushed,
      mediaType,
      storeManifest: manifestDigest,
      manifestKept: pushed === manifestDigest,
      config: settled[0]!,
      layers: settled.slice(1),
      traffic: client.stats,
    };
  } finally {
    client.close();
    await rm(dir, { recursive: true, force: true });
  }
}
