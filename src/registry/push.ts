/**
 * `cairn push`: an image from the store to a registry as a standard image: config verbatim,
 * each layer the original blob where the store rebuilds it byte for byte (src/reblob; then the
 * manifest is the original too, and keeps its digest), else compressed anew. The registry is
 * asked first (HEAD) for every blob whose digest is known without making it (the config, an
 * original layer blob: its digest is in the store's blob description), so a blob the registry
 * has costs no rebuild; one it lacks is mounted from another repository of the registry known
 * to hold it, or streamed from the store into the upload, several at once (retried with
 * backoff). A layer compressed anew is first spooled to a temporary file to learn its digest
 * (push-blobs.ts). Then the manifest is put under the tag; a registry that refuses the OCI
 * manifest gets the docker schema 2 form of it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Digest } from '../digest.js';
import { BadInputError } from '../errors.js';
import { newImageManifest, type LayerCompression } from '../oci/index.js';
import { imageBlobsFor, refuted, type LayerBlobSource } from '../reblob/index.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { knownLocation, rememberLocations } from './blob-locations.js';
import { RegistryClient, type RegistryClientOptions, type TrafficStats } from './client.js';
import { RegistryResponseError } from './errors.js';
import type { ManifestJson } from './manifest.js';
import { eachLimited, fileOpener, spool, streamOpener, type BlobBytes, type RangeOpener } from './push-blobs.js';
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
  /** Layers: whether the blob pushed is the one the image came with (rebuilt byte for byte). */
  reproduced?: boolean;
  /** Layers not reproduced: why (no description, not reproducible, or a description that did not make the blob). */
  reason?: string;
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

/** A blob of the push: digest and size once known, and how its bytes are made. */
interface Pending extends PushedBlob {
  mediaType: string;
  bytes: BlobBytes;
  /** A layer's source (its fallback serves where an unconfirmed original is refuted). */
  source?: LayerBlobSource;
  /** The spooled file, once the blob was written to one to learn its digest. */
  file?: string;
  /** Whether the digest is known before the bytes are made. */
  known: boolean;
}

/** Pushes the stored image `manifestDigest` to `ref` (see the module comment). */
export async function pushImage(store: Store, manifestDigest: string, ref: RegistryReference, options: PushOptions = {}): Promise<PushResult> {
  const { repository } = ref;
  const client = RegistryClient.forReference(ref, { ...options, push: true });
  const parallel = Math.max(1, options.parallel ?? 3);
  let spoolDir: string | undefined;
  let spoolMade: Promise<string> | undefined;
  /** The push's scratch directory, made once on first use. */
  const scratch = (): Promise<string> => (spoolMade ??= store.scratchDir('push-').then((dir) => (spoolDir = dir)));
  try {
    const record = await store.getImage(manifestDigest);
    const plan = await imageBlobsFor(store, record, options.compression ?? 'original');
    const configBytes = await store.getBlob(record.config);
    const config: Pending = { kind: 'config', digest: record.config, size: configBytes.length, how: 'present', mediaType: '', known: true, bytes: () => [configBytes] };
    const layers = plan.layers.map((source): Pending => ({
      kind: 'layer', diffId: source.diffId, mediaType: source.mediaType, how: 'present', source, reproduced: source.reproduced, ...(source.reason !== undefined ? { reason: source.reason } : {}),
      digest: source.original?.digest ?? '', size: source.original?.size ?? 0, known: source.original !== undefined, bytes: () => source.open(),
    }));
    // One settlement per distinct blob (an image may list a layer twice): each blob's representative.
    const representative = new Map<string, Pending>();
    const keyOf = (b: Pending): string => (b.known ? b.digest : `diff:${b.diffId}`);
    for (const b of [config, ...layers]) representative.set(keyOf(b), b);
    const repOf = new Map([config, ...layers].map((b) => [b, representative.get(keyOf(b))!]));
    const distinct = [...representative.values()];
    // A blob the registry has, or can mount, needs no bytes made; the others are uploaded below.
    const settleWithoutBytes = async (blob: Pending): Promise<boolean> => {
      if ((await client.headBlob(repository, blob.digest)) !== undefined) return true;
      const from = await knownLocation(store.dir, ref.registry, blob.digest, repository);
      if (from !== undefined && (await client.mountBlob(repository, blob.digest, from))) {
        blob.how = 'mounted';
        return true;
      }
      return false;
    };
    const missing: Pending[] = [];
    await eachLimited(distinct.filter((b) => b.known), 8, async (blob) => {
      if (!(await settleWithoutBytes(blob))) missing.push(blob);
    });
    const unknown = distinct.filter((b) => !b.known);
    if (unknown.length > 0) {
      const dir = await scratch();
      await eachLimited(unknown, parallel, async (blob) => {
        const file = join(dir, `layer-${unknown.indexOf(blob)}`);
        Object.assign(blob, await spool(blob.bytes, file), { file });
        if (!(await settleWithoutBytes(blob))) missing.push(blob);
      });
    }
    const total = missing.reduce((sum, b) => sum + b.size, 0);
    let done = 0;
    const onBytes = (n: number): void => {
      done += n;
      options.onProgress?.({ done: Math.min(done, total), total });
    };
    options.onProgress?.({ done, total });
    // Largest first, so that the longest rebuild starts at once.
    missing.sort((a, b) => b.size - a.size);
    const upload = async (blob: Pending): Promise<void> => {
      const open: RangeOpener = blob.file !== undefined ? fileOpener(blob.file, onBytes) : streamOpener(blob.bytes, onBytes);
      await client.uploadBlob(repository, blob.digest, blob.size, open, { chunkSize: options.chunkSize, kind: blob.kind });
      blob.how = 'uploaded';
    };
    await eachLimited(missing, parallel, async (blob) => {
      try {
        await upload(blob);
      } catch (error) {
        if (!blob.source || !refuted(blob.source, error)) throw error;
        // The description it came with (a chunk artifact's, a bundle's) did not make the original blob: a new one.
        const fallback = blob.source.fallback!();
        const file = join(await scratch(), `layer-${layers.indexOf(blob)}-new`);
        Object.assign(blob, { source: fallback, mediaType: fallback.mediaType, known: false, reproduced: false, reason: fallback.reason, bytes: () => fallback.open() });
        Object.assign(blob, await spool(blob.bytes, file), { file });
        if (!(await settleWithoutBytes(blob))) await upload(blob);
      }
    });
    const strip = (b: Pending): PushedBlob => ({
      kind: b.kind, digest: b.digest, size: b.size, ...(b.diffId !== undefined ? { diffId: b.diffId } : {}), how: b.how,
      ...(b.reproduced !== undefined ? { reproduced: b.reproduced } : {}), ...(b.reason !== undefined ? { reason: b.reason } : {}),
    });
    for (const blob of distinct) options.onBlob?.(strip(blob));
    const settled = (b: Pending): PushedBlob => strip(repOf.get(b)!);
    let bytes: Buffer;
    let mediaType: string;
    // The original manifest, unless a layer's original blob was refuted at upload.
    if (plan.manifest && layers.every((l) => repOf.get(l)!.reproduced)) {
      bytes = plan.manifest.bytes;
      mediaType = plan.manifest.mediaType;
    } else {
      const original = JSON.parse((await store.getBlob(record.manifest)).toString('utf8')) as Parameters<typeof newImageManifest>[0];
      bytes = newImageManifest(original, { digest: config.digest, size: config.size }, layers.map((l) => ({ ...settled(l), mediaType: repOf.get(l)!.mediaType })));
      mediaType = MEDIA_TYPES.manifest;
    }
    const manifest = JSON.parse(bytes.toString('utf8')) as ManifestJson;
    const target = ref.tag ?? ref.digest!;
    const byDigest = target === ref.digest;
    try {
      await client.putManifest(repository, byDigest ? sha256Digest(bytes) : target, bytes, mediaType);
    } catch (error) {
      if (!refusesOci(error)) throw error;
      bytes = dockerManifestOf(manifest);
      mediaType = MEDIA_TYPES.dockerManifest;
      await client.putManifest(repository, byDigest ? sha256Digest(bytes) : target, bytes, mediaType);
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
      config: settled(config),
      layers: layers.map(settled),
      traffic: client.stats,
    };
  } finally {
    client.close();
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  }
}
