/**
 * `cairn pull`: a reference from a registry into the store. The reference is resolved (an
 * index picks the platform), the config fetched and checked, then each layer the store lacks
 * is obtained: first by the layer providers (the hook where chunkpull's cairn artifacts plug
 * in), then whole: the blob streams from the registry through decompression and the tar
 * splitter into the store (never held whole in memory), its digest checked as it ends and its
 * DiffID before the layer is committed; as at ingest, the blob is described (how to rebuild it
 * byte for byte, src/reblob) so that a later push keeps its digest. Each layer is committed on
 * its own, so an interrupted
 * pull keeps every layer it verified and the next one fetches only the rest; a blob cut
 * mid-transfer is asked for again from where it stopped (resumable-blob.ts). Manifest, config
 * and image record, then the name, are written last: no name points at an unchecked image.
 */
import { BadInputError, CorruptDataError } from '../errors.js';
import { storeImage } from '../ingest/image-record.js';
import { storeLayer } from '../ingest/layer-builder.js';
import { tarLayerParts } from '../ingest/layer-parts.js';
import type { ImageSource } from '../ingest/sources.js';
import { decompressed, type Descriptor } from '../oci/index.js';
import { BlobWitness, outcomeOf, type BlobOutcome } from '../reblob/index.js';
import { familiarReference } from '../reference.js';
import type { Store } from '../store/index.js';
import { rememberLocations } from './blob-locations.js';
import { RegistryClient, type RegistryClientOptions, type ResolvedImage, type TrafficStats } from './client.js';
import { formatPlatform, hostPlatform, type Platform } from './manifest.js';
import { formatRegistryReference, type RegistryReference } from './reference.js';
import { resumableBlob } from './resumable-blob.js';

/** A layer of the image being pulled. */
export interface PullLayer {
  /** Position in the manifest. */
  index: number;
  /** The DiffID the config gives. */
  diffId: string;
  /** The layer's descriptor in the manifest (compressed blob digest, size, media type). */
  descriptor: Descriptor;
}

/** What a layer provider is given: the resolved image and the layers the store still lacks. */
export interface PullContext {
  store: Store;
  client: RegistryClient;
  reference: RegistryReference;
  image: ResolvedImage;
  config: { digest: string; bytes: Buffer };
  /** The layers the store lacks (in manifest order). */
  missing: PullLayer[];
  /** Whether to record how to rebuild each layer blob byte for byte (PullOptions.describeBlobs). */
  describeBlobs: boolean;
}


/**
 * A way to obtain layers other than downloading their blobs (chunkpull: cairn's chunk index
 * and packs, or a delta). It must store each layer it obtains in the store with its DiffID
 * verified (putLayerRecipe) and commit, and return, per DiffID obtained, how it came
 * ('chunks', 'delta', ...) and optionally the bytes it received. Layers it does not return
 * are fetched whole. It may throw only for failures that must stop the pull.
 */
export type LayerProvider = (context: PullContext) => Promise<Map<string, { how: string; blob?: BlobOutcome }>>;

export interface PullOptions extends RegistryClientOptions {
  /** Name to give the image in the store. @default the reference (its tag), none for a digest-only reference */
  name?: string;
  /** @default the host's */
  platform?: Platform;
  /** Tried in order before whole blobs are fetched (see LayerProvider). */
  layerProviders?: LayerProvider[];
  signal?: AbortSignal;
  /**
   * Watch each layer blob fetched whole to record how to rebuild it byte for byte (src/reblob),
   * as ingest does, so that push and export give back the original blobs and manifest; keep the
   * descriptions a chunk artifact or a delta carries. The candidate that reproduces a blob's
   * first MiB is kept unconfirmed: export and push check what it makes (and compress anew where
   * it differs). @default true
   */
  describeBlobs?: boolean;
  /**
   * Confirm each description of a blob fetched whole over the whole blob before keeping it, as
   * ingest does: a second compression of the tar, on a worker thread (for a large gzip layer,
   * often longer than the rest of the pull). @default false
   */
  confirmBlobs?: boolean;
  /** Layer bytes received so far of `total` (blobs fetched whole). */
  onProgress?: (event: { done: number; total: number }) => void;
}

export interface PulledLayer {
  diffId: string;
  digest: string;
  size: number;
  /** 'already' (the store had it), 'whole' (its blob was fetched), or what a provider said. */
  how: string;
  /**
   * Whether the store now knows how to rebuild the blob byte for byte (so that push and export
   * give it back), or why not; absent when the layer was not obtained or nothing was tried.
   */
  blob?: BlobOutcome;
}

export interface PullResult {
  reference: string;
  /** The store name set, or null. */
  name: string | null;
  manifest: string;
  config: string;
  platform: string;
  layers: PulledLayer[];
  traffic: TrafficStats;
}

interface ConfigJson { rootfs?: { diff_ids?: string[] }; os?: string; architecture?: string; variant?: string }

/** The default store name for a reference: its familiar form with the tag; none for digest-only references. */
function defaultName(ref: RegistryReference): string | null {
  if (ref.tag === undefined) return null;
  return familiarReference(formatRegistryReference({ ...ref, digest: undefined }));
}

/** Pulls `ref` into the store (see the module comment). */
export async function pullImage(store: Store, ref: RegistryReference, options: PullOptions = {}): Promise<PullResult> {
  const client = RegistryClient.forReference(ref, options);
  const what = formatRegistryReference(ref);
  try {
    const platform = options.platform ?? hostPlatform();
    const image = await client.resolveImage(ref.repository, ref.reference, { platform });
    const manifest = image.manifest.json;
    const configDigest = manifest.config!.digest;
    const configBytes = await client.getBlobBytes(ref.repository, configDigest);
    let config: ConfigJson;
    try {
      config = JSON.parse(configBytes.toString('utf8')) as ConfigJson;
    } catch (cause) {
      throw new BadInputError(`${what}: its config ${configDigest} is not JSON`, { cause });
    }
    const diffIds = config.rootfs?.diff_ids ?? [];
    const descriptors = manifest.layers ?? [];
    if (diffIds.length !== descriptors.length) {
      throw new BadInputError(`${what}: the manifest lists ${descriptors.length} layers but the config ${diffIds.length} DiffIDs`);
    }
    const layers: PullLayer[] = descriptors.map((descriptor, index) => ({ index, diffId: diffIds[index]!, descriptor }));
    const how = new Map<string, string>();
    const blobs = new Map<string, BlobOutcome>();
    for (const layer of layers) if (await store.hasLayer(layer.diffId)) how.set(layer.diffId, 'already');
    const lacking = (): PullLayer[] => layers.filter((l) => !how.has(l.diffId));
    for (const provider of options.layerProviders ?? []) {
      if (lacking().length === 0) break;
      const obtained = await provider({ store, client, reference: ref, image, config: { digest: configDigest, bytes: configBytes }, missing: lacking(), describeBlobs: options.describeBlobs !== false });
      for (const [diffId, result] of obtained) {
        if (!(await store.hasLayer(diffId))) throw new CorruptDataError(`${what}: a layer provider reported ${diffId} but the store does not hold it`, { digest: diffId });
        how.set(diffId, result.how);
        if (result.blob) blobs.set(diffId, result.blob);
      }
    }
    const whole = [...new Map(lacking().map((l) => [l.diffId, l])).values()];
    const total = whole.reduce((sum, l) => sum + (l.descriptor.size ?? 0), 0);
    let done = 0;
    options.onProgress?.({ done, total });
    for (const layer of whole) {
      const blob = await fetchLayer(store, client, ref, layer, options, (bytes) => {
        done += bytes;
        options.onProgress?.({ done, total });
      });
      how.set(layer.diffId, 'whole');
      if (blob) blobs.set(layer.diffId, blob);
    }
    // Every layer is in the store and checked: the image record, then the name.
    const source: ImageSource = {
      kind: 'registry',
      path: what,
      names: [],
      what,
      manifest: { digest: image.manifest.digest, mediaType: image.manifest.mediaType, bytes: image.manifest.bytes },
      config: { digest: configDigest, bytes: configBytes, ...(config.os ? { os: config.os } : {}), ...(config.architecture ? { architecture: config.architecture } : {}), ...(config.variant ? { variant: config.variant } : {}) },
      indexes: image.indexes.map((i) => ({ digest: i.digest, bytes: i.bytes })),
      layers: layers.map((l) => ({
        diffId: l.diffId,
        blob: { digest: l.descriptor.digest, size: l.descriptor.size ?? 0, mediaType: l.descriptor.mediaType ?? '' },
        what: `layer ${l.diffId}`,
        open: () => { throw new Error('pull: layer not stored'); },
        parts: () => { throw new Error('pull: layer not stored'); },
      })),
    };
    const name = options.name ?? defaultName(ref);
    try {
      const { record } = await storeImage(store, source, options.signal);
      if (name !== null) await store.setNames([name], record.manifest);
      await store.commit();
    } catch (error) {
      await store.abort();
      throw error;
    }
    await rememberLocations(store.dir, ref.registry, ref.repository, [configDigest, ...descriptors.map((d) => d.digest)]);
    return {
      reference: what,
      name,
      manifest: image.manifest.digest,
      config: configDigest,
      platform: formatPlatform({ os: config.os ?? platform.os, architecture: config.architecture ?? platform.architecture, ...(config.variant ? { variant: config.variant } : {}) }),
      layers: layers.map((l) => {
        const blob = blobs.get(l.diffId);
        return { diffId: l.diffId, digest: l.descriptor.digest, size: l.descriptor.size ?? 0, how: how.get(l.diffId)!, ...(blob ? { blob } : {}) };
      }),
      traffic: client.stats,
    };
  } finally {
    client.close();
  }
}

/**
 * Fetches one layer's blob whole and stores it: digest checked at the blob's end, DiffID
 * checked before the recipe is put; committed alone. Returns whether the blob was described as
 * reproduced (undefined when it was not watched). On any failure the layer's writes are
 * dropped (store.abort) and the error that caused it is thrown as it was.
 */
async function fetchLayer(store: Store, client: RegistryClient, ref: RegistryReference, layer: PullLayer, options: PullOptions, onBytes: (bytes: number) => void): Promise<BlobOutcome | undefined> {
  const { digest } = layer.descriptor;
  const { signal } = options;
  const what = `layer ${digest} of ${formatRegistryReference(ref)}`;
  let sourceError: unknown;
  let verified = false;
  // A cut mid-transfer costs only the rest (resumable-blob.ts), in this pull or the next.
  const blob = resumableBlob(client, ref.repository, digest, store.dir, {
    kind: 'layer', ...(layer.descriptor.size !== undefined ? { size: layer.descriptor.size } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}), ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
  });
  // As ingest does (src/reblob): the blob is watched to record how to rebuild it byte for byte,
  // so that a later push or export keeps its digest.
  const witness = options.describeBlobs !== false && digest !== layer.diffId && !(await store.getBlobDescription(digest))
    ? new BlobWitness({
      digest, size: layer.descriptor.size ?? 0, mediaType: layer.descriptor.mediaType ?? '', diffId: layer.diffId, descriptor: JSON.stringify(layer.descriptor),
    }, store.tmpDir, { confirm: options.confirmBlobs === true })
    : undefined;
  // Iterated by hand, so that the decompressor stopping early does not end the blob: a stream
  // that fails to decompress is read to its end, and a digest mismatch is what gets reported.
  const pieces = blob[Symbol.asyncIterator]();
  async function* watched(): AsyncGenerator<Buffer> {
    try {
      for (let next = await pieces.next(); !next.done; next = await pieces.next()) {
        onBytes(next.value.length);
        witness?.blob(next.value);
        yield next.value;
      }
      verified = true;
    } catch (error) {
      sourceError = error;
      throw error;
    }
  }
  /** After bad bytes: the rest of the blob, so that its digest decides whether it was the registry's blob at all. */
  async function drained(): Promise<void> {
    try {
      for (let next = await pieces.next(); !next.done; next = await pieces.next()) onBytes(next.value.length);
      verified = true;
    } catch (error) {
      sourceError ??= error;
    }
  }
  try {
    const source = watched();
    const { stream } = await decompressed(source, what);
    const tar = async function* (): AsyncGenerator<Uint8Array> {
      for await (const piece of stream) {
        await witness?.tar(piece);
        yield piece;
      }
      witness?.end();
    };
    const { root, stats } = await storeLayer(store, tarLayerParts(tar(), { signal, what }), { signal, what });
    // The tar may end before the blob does (padding after the compressed stream): read the rest so its digest is checked.
    for await (const _ of source) { /* drained */ }
    if (!verified) throw new CorruptDataError(`${what}: the blob ended before it was verified`, { digest });
    if (stats.diffId !== layer.diffId) {
      throw new CorruptDataError(`${what}: its uncompressed sha256 is ${stats.diffId}, but the config says ${layer.diffId}; refused`, { digest: layer.diffId });
    }
    await store.putLayerRecipe(layer.diffId, root);
    const description = witness ? await witness.describe() : undefined;
    if (description) await store.putBlobDescription(description);
    await store.commit();
    if (!description) return undefined;
    return outcomeOf(description);
  } catch (error) {
    witness?.abandon();
    if (!verified && sourceError === undefined && error instanceof BadInputError && !signal?.aborted) await drained();
    else void pieces.return?.(undefined).catch(() => undefined);
    await store.abort();
    throw sourceError ?? error;
  }
}
