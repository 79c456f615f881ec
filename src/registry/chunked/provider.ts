/**
 * The hooks `cairn pull` and `cairn push` call (src/registry/pull.ts LayerProvider, and the
 * push command): layers by cairn's chunk artifact, and the artifact pushed beside an image.
 */
import { CorruptDataError } from '../../errors.js';
import { MEDIA_TYPES } from '../../recipe/index.js';
import { knownLocation, rememberLocations } from '../blob-locations.js';
import type { Store } from '../../store/index.js';
import { RegistryClient, type RegistryClientOptions, type TrafficStats } from '../client.js';
import type { LayerProvider } from '../pull.js';
import { refusesOci, type PushResult } from '../push.js';
import type { RegistryReference } from '../reference.js';
import { pullByDelta, pushDeltaArtifact, type DeltaPullReport, type DeltaPushReport } from './deltas.js';
import { clientRemote } from './client-remote.js';
import { pullLayersByChunks, type ChunkLayersRequest, type ChunkPullReport } from './pull.js';
import { pushChunkArtifact, type ChunkPushReport } from './push.js';
import { Traffic } from './remote.js';

/** Layers through the chunk artifact of the image, when the repository has one; `onReport` hears what came. */
export function chunkLayerProvider(onReport?: (report: ChunkPullReport, traffic: Traffic) => void, options: Pick<ChunkLayersRequest, 'batchBytes' | 'checkOnWorker'> = {}): LayerProvider {
  return async (context) => {
    let config: { rootfs?: { diff_ids?: string[] } };
    try {
      config = JSON.parse(context.config.bytes.toString('utf8')) as typeof config;
    } catch (cause) {
      throw new CorruptDataError('registry: the image config is not JSON', { cause });
    }
    const traffic = new Traffic();
    const report = await pullLayersByChunks(context.store, clientRemote(context.client, context.reference.repository), {
      subject: context.image.manifest.digest,
      diffIds: config.rootfs?.diff_ids ?? [],
      wanted: context.missing.map((l) => l.diffId),
      ...(context.describeBlobs ? { blobs: context.image.manifest.json.layers ?? [] } : {}),
      ...options,
    }, traffic);
    if (!report) return new Map();
    onReport?.(report, traffic);
    return new Map(report.layers.map((l) => [l.diffId, { how: 'chunks', ...(l.blob ? { blob: l.blob } : {}) }]));
  };
}

/**
 * Pushes the chunk artifact of a stored image beside its pushed manifest (`subject`: the
 * digest, media type and size the registry holds, which differ from the store's when push
 * made a new manifest).
 */
export async function pushChunkData(store: Store, client: RegistryClient, repository: string, image: string, subject: { digest: string; mediaType: string; size: number }): Promise<{ report: ChunkPushReport; traffic: Traffic }> {
  const traffic = new Traffic();
  const report = await pushChunkArtifact(store, clientRemote(client, repository), image, traffic, subject);
  return { report, traffic };
}

/** Layers through a delta artifact from an image whose layers the store holds, when the repository has one. */
export function deltaLayerProvider(onReport?: (report: DeltaPullReport, traffic: Traffic) => void): LayerProvider {
  return async (context) => {
    const traffic = new Traffic();
    const report = await pullByDelta(context.store, clientRemote(context.client, context.reference.repository), context.image.manifest.digest, traffic, { describeBlobs: context.describeBlobs });
    if (!report) return new Map();
    onReport?.(report, traffic);
    const wanted = new Set(context.missing.map((l) => l.diffId));
    const out = new Map<string, { how: string }>();
    for (const diffId of report.layers) {
      const blob = report.blobs.get(diffId);
      if (wanted.has(diffId)) out.set(diffId, { how: 'delta', ...(blob ? { blob } : {}) });
    }
    return out;
  };
}

const OCI_REFUSED = 'the registry refuses OCI manifests, and cairn\'s chunk data and deltas are OCI artifacts';
/** Thrown by the subject of an image the registry took only as docker schema 2. */
const SCHEMA2 = new Error(OCI_REFUSED);

export interface PushBesideOptions extends RegistryClientOptions {
  /** push the chunk artifact @default true */
  chunks?: boolean;
  /** stored images to push deltas from */
  deltasFrom?: readonly string[];
}

export interface PushBesideResult {
  chunks?: ChunkPushReport;
  deltas: DeltaPushReport[];
  /** Why the chunk data and deltas asked for were not pushed (the image itself was). */
  skipped?: string;
  traffic: TrafficStats;
}

/**
 * After (or while) `pushImage`: the chunk artifact and the delta artifacts beside the pushed
 * manifest. `pushed` may be the push still running: the chunk artifact's packs and indexes go
 * up meanwhile, and only its manifest waits for the image's (a failed image push fails this too).
 * Packs and indexes are mounted from other repositories of the registry where the store knows
 * one that holds them, and remembered once pushed.
 */
export async function pushBeside(store: Store, image: string, ref: RegistryReference, pushed: PushResult | Promise<PushResult>, options: PushBesideOptions): Promise<PushBesideResult> {
  const client = RegistryClient.forReference(ref, { ...options, push: true });
  try {
    const locate = (digest: string): Promise<string | undefined> => knownLocation(store.dir, ref.registry, digest, ref.repository);
    const remote = clientRemote(client, ref.repository, locate);
    const subject = (async () => {
      const result = await pushed;
      // The registry took the image only as docker schema 2: cairn's artifacts are OCI manifests.
      if (result.mediaType === MEDIA_TYPES.dockerManifest) throw SCHEMA2;
      const size = result.manifestKept ? (await store.getBlob(image)).length : (await client.headManifest(ref.repository, result.manifest))?.size ?? 0;
      return { mediaType: result.mediaType, digest: result.manifest, size };
    })();
    // Awaited below; a failure there stops the chunk artifact at its next pack.
    const stop = new AbortController();
    subject.catch((error: unknown) => stop.abort(error));
    const traffic = new Traffic();
    const result: PushBesideResult = { deltas: [], traffic: client.stats };
    const onBlobs = (digests: string[]): Promise<void> => rememberLocations(store.dir, ref.registry, ref.repository, digests);
    const wanted = options.chunks !== false || (options.deltasFrom ?? []).length > 0;
    try {
      if (options.chunks !== false) result.chunks = await pushChunkArtifact(store, remote, image, traffic, subject, { onBlobs, signal: stop.signal });
      for (const base of options.deltasFrom ?? []) result.deltas.push(await pushDeltaArtifact(store, remote, image, base, await subject, traffic));
      await subject;
    } catch (error) {
      if (error !== SCHEMA2 && !refusesOci(error)) throw error;
      if (wanted) result.skipped = OCI_REFUSED;
    }
    result.traffic = client.stats;
    return result;
  } finally {
    client.close();
  }
}
