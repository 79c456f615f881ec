/**
 * Pushing an image's chunk artifact beside it: per layer, the packs the repository lacks and
 * the layer's chunk index, then the artifact manifest (tagged `sha256-<hex>.cairn-chunks`, so
 * that garbage collection with untagged manifests deleted keeps it), and its entry in the
 * referrers tag fallback. A layer whose index this store built before (index-cache.ts) is not
 * built again when the repository has that index (its packs went up before it), or has or can
 * mount each of its packs; otherwise the layer's packs are built (records compressed on worker
 * threads) and uploaded as they are sealed, a few at once, each one HEADed first and mounted
 * where the store knows another repository of the registry holding it.
 */
import { createHash } from 'node:crypto';
import { formatChunkerIdentity } from '../../chunker/index.js';
import { encodeDescription, rebuildOf } from '../../reblob/description.js';
import type { Store } from '../../store/index.js';
import { buildLayerIndex, chunkArtifactManifest, type BuiltPack, type Descriptor, type LayerIndex } from './build.js';
import { CHUNKS_ARTIFACT_TYPE, EMPTY_JSON, OCI_MANIFEST, chunksTag } from './format.js';
import { cacheLayerIndex, cachedLayerIndex } from './index-cache.js';
import { recordCompressor } from './records.js';
import { addReferrer } from './referrers.js';
import type { ChunkRemote, Traffic, TrafficKind } from './remote.js';

export interface ChunkPushReport {
  artifact: string;
  packs: number;
  /** Packs mounted from another repository of the registry. */
  packsMounted: number;
  /** Layers whose index and packs were not built again (the repository had them or mounted them). */
  layersReused: number;
  packsUploaded: number;
  packBytes: number;
  bytesUploaded: number;
  chunks: number;
  chunkBytes: number;
}

const sha = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Whether the repository has blob `digest` (HEAD), or got it by a mount; undefined when neither. */
async function settle(remote: ChunkRemote, digest: string, traffic: Traffic): Promise<'present' | 'mounted' | undefined> {
  traffic.asked();
  if (await remote.hasBlob(digest)) return 'present';
  if (!remote.mountKnown) return undefined;
  traffic.asked();
  return (await remote.mountKnown(digest)) ? 'mounted' : undefined;
}

/** Uploads a blob unless the repository has it (or mounts it); returns the bytes sent. */
export async function pushBlobOnce(remote: ChunkRemote, bytes: Buffer, kind: TrafficKind, traffic: Traffic, digest = sha(bytes)): Promise<number> {
  if ((await settle(remote, digest, traffic)) !== undefined) return 0;
  await remote.putBlob(digest, bytes);
  traffic.put(kind, bytes.length);
  return bytes.length;
}

/** Work started up to `limit` at a time; `add` waits for a free place, `drain` for all (the first failure is thrown there, or by the next `add`). */
class InFlight {
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;

  constructor(readonly limit: number) {}

  async add(work: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.limit) await Promise.race(this.#running);
    if (this.#failure) throw this.#failure.error;
    const running: Promise<void> = work()
      .catch((error: unknown) => { this.#failure ??= { error }; })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async drain(): Promise<void> {
    await Promise.all(this.#running);
    if (this.#failure) throw this.#failure.error;
  }
}

export interface ChunkPushOptions {
  /** Pack uploads at once. @default 3 */
  parallel?: number;
  /** Every blob digest the repository holds once the artifact is pushed (to remember where they are). */
  onBlobs?: (digests: string[]) => Promise<void>;
  /** Stops the push (its reason is thrown) at the next pack or layer. */
  signal?: AbortSignal;
}

/**
 * Per layer, the store's description of its blob where it reproduces the blob, or was told how
 * (unconfirmed: a puller checks it at use either way), encoded as a reproduced description: a
 * puller by chunks keeps it, so that its own export and push keep the manifest digest too. An
 * uncompressed layer needs none.
 */
async function blobDescriptions(store: Store, layers: readonly { digest: string; diffId: string }[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const layer of layers) {
    const d = layer.digest === layer.diffId ? undefined : await store.getBlobDescription(layer.digest);
    const rebuild = d && rebuildOf(d);
    if (!d || !rebuild) {
      out.push(undefined);
      continue;
    }
    const { version, digest, size, mediaType, diffId, descriptor } = d;
    out.push(encodeDescription({ version, digest, size, mediaType, diffId, descriptor, reproduced: true, rebuild }).toString('utf8'));
  }
  return out;
}

/** Pushes a manifest under `tag` and records it as a referrer of its subject (unless the registry does so itself). */
export async function pushReferrer(remote: ChunkRemote, tag: string, manifest: Buffer, descriptor: Descriptor, subject: string, traffic: Traffic, supersedes?: (d: Descriptor) => boolean): Promise<void> {
  const answer = await remote.putManifest(tag, manifest, OCI_MANIFEST);
  traffic.put('manifests', manifest.length);
  if (answer.headers['oci-subject'] === subject) return;
  await addReferrer(remote, subject, descriptor, traffic, supersedes);
}

/**
 * Pushes the chunk artifact of a stored image (its manifest digest) to the repository of
 * `remote`. `subject` is the image manifest as the registry holds it (awaited only once the
 * packs and indexes are up, so that they can go up while the image itself is pushed).
 */
export async function pushChunkArtifact(
  store: Store, remote: ChunkRemote, manifestDigest: string, traffic: Traffic,
  subject?: Descriptor | Promise<Descriptor | undefined>, options: ChunkPushOptions = {},
): Promise<ChunkPushReport> {
  const image = await store.getImage(manifestDigest);
  const chunker = formatChunkerIdentity(store.chunkerIdentity);
  const report = { packsUploaded: 0, packsMounted: 0, bytesUploaded: 0, layersReused: 0 };
  const uploads = new InFlight(Math.max(1, options.parallel ?? 3));
  const sendPack = async (pack: BuiltPack): Promise<void> => {
    options.signal?.throwIfAborted();
    const how = await settle(remote, pack.digest, traffic);
    if (how === 'mounted') report.packsMounted++;
    if (how !== undefined) return;
    await remote.putBlob(pack.digest, pack.bytes);
    traffic.put('chunks', pack.bytes.length);
    report.packsUploaded++;
    report.bytesUploaded += pack.bytes.length;
  };
  /** Whether the repository holds every pack of a cached index (HEAD, else a mount). */
  const holdsPacks = async (index: LayerIndex): Promise<boolean> => {
    const indexHow = await settle(remote, index.descriptor.digest, traffic);
    if (indexHow === 'present') return true; // its packs went up before it
    for (const pack of index.packs) {
      const how = await settle(remote, pack.digest, traffic);
      if (how === undefined) return false;
      if (how === 'mounted') report.packsMounted++;
    }
    if (indexHow === undefined) report.bytesUploaded += await pushBlobOnce(remote, index.bytes, 'metadata', traffic, index.descriptor.digest);
    return true;
  };
  let pool: ReturnType<typeof recordCompressor> | undefined;
  const built = new Map<string, LayerIndex>();
  const indexes: LayerIndex[] = [];
  try {
    for (const layer of image.layers) {
      options.signal?.throwIfAborted();
      let index = built.get(layer.diffId);
      if (!index) {
        const cached = await cachedLayerIndex(store.dir, layer.diffId, chunker);
        if (cached && (await holdsPacks(cached))) {
          index = cached;
          report.layersReused++;
        } else {
          pool ??= recordCompressor();
          index = await buildLayerIndex(store, layer.diffId, chunker, pool, (pack) => uploads.add(() => sendPack(pack)));
          await uploads.drain(); // the index goes up after its packs
          report.bytesUploaded += await pushBlobOnce(remote, index.bytes, 'metadata', traffic, index.descriptor.digest);
          await cacheLayerIndex(store.dir, index, chunker);
        }
        built.set(layer.diffId, index);
      }
      indexes.push(index);
    }
  } finally {
    await uploads.drain().catch(() => undefined);
    await pool?.close();
  }
  report.bytesUploaded += await pushBlobOnce(remote, EMPTY_JSON, 'metadata', traffic);
  const manifestBytes = await store.getBlob(image.manifest);
  const subjectDescriptor = (await subject) ?? { mediaType: image.manifestMediaType, digest: image.manifest, size: manifestBytes.length };
  const artifact = chunkArtifactManifest(indexes, subjectDescriptor, chunker, await blobDescriptions(store, image.layers));
  const descriptor: Descriptor = { mediaType: OCI_MANIFEST, digest: artifact.digest, size: artifact.bytes.length, artifactType: CHUNKS_ARTIFACT_TYPE };
  await pushReferrer(remote, chunksTag(subjectDescriptor.digest), artifact.bytes, descriptor, subjectDescriptor.digest, traffic, (d) => d.artifactType === CHUNKS_ARTIFACT_TYPE);
  const packs = new Set(indexes.flatMap((i) => i.packs.map((p) => p.digest)));
  await options.onBlobs?.([sha(EMPTY_JSON), ...indexes.map((i) => i.descriptor.digest), ...packs]);
  const distinct = [...built.values()];
  return {
    artifact: artifact.digest, packs: packs.size, ...report,
    packBytes: distinct.reduce((s, i) => s + i.packBytes, 0),
    chunks: distinct.reduce((s, i) => s + i.chunks, 0),
    chunkBytes: distinct.reduce((s, i) => s + i.chunkBytes, 0),
  };
}
