/**
 * Delta artifacts (docs/registry.md): the bundle from a base image to this one (src/bundle,
 * docs/bundle.md) pushed as it is, its manifest's `subject` the pushed image; a puller whose
 * store holds every layer of the base fetches the bundle's blobs and applies it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { applyBundle, writeBundle } from '../../bundle/index.js';
import { BUNDLE_ARTIFACT_TYPE } from '../../bundle/format.js';
import type { BlobOutcome } from '../../reblob/index.js';
import { spoolBundle } from '../../bundle/spool.js';
import { END_OF_ARCHIVE, entryHeader, paddingAfter } from '../../bundle/tar-out.js';
import { CorruptDataError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import type { Descriptor } from './build.js';
import { OCI_MANIFEST, deltaTag } from './format.js';
import { pushBlobOnce, pushReferrer } from './push.js';
import { fetchManifest, listReferrers } from './referrers.js';
import type { ChunkRemote, Traffic } from './remote.js';

/** On a delta artifact's descriptor and manifest: the DiffIDs of the base image, comma-separated (a puller holding them all can apply it). */
export const ANNOTATION_BASE_LAYERS = 'dev.cairn.delta.base-layers';
export const ANNOTATION_BASE = 'dev.cairn.delta.base';
const PLAN_MEDIA_TYPE = 'application/vnd.cairn.bundle.plan.v1+json';

const sha = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface DeltaPushReport {
  from: string;
  artifact: string;
  /** bytes of the bundle's blobs */
  bytes: number;
  bytesUploaded: number;
}

interface BundleManifest {
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** Pushes the bundle from `base` (a stored image) to `image` as an artifact whose subject is `subject` (the pushed manifest). */
export async function pushDeltaArtifact(store: Store, remote: ChunkRemote, image: string, base: string, subject: Descriptor, traffic: Traffic): Promise<DeltaPushReport> {
  const dir = await store.scratchDir('delta-push-');
  try {
    const from = await store.resolveImage(base);
    const baseLayers = (await store.getImage(from)).layers.map((l) => l.diffId);
    await writeBundle(store, [image], { from: [from] }, createWriteStream(join(dir, 'bundle.tar')));
    await mkdir(join(dir, 'blobs'));
    const spool = await spoolBundle(createReadStream(join(dir, 'bundle.tar')), join(dir, 'blobs'));
    const index = JSON.parse(spool.index.toString('utf8')) as { manifests: Descriptor[] };
    const original = JSON.parse((await spool.read(index.manifests[0]!.digest)).toString('utf8')) as BundleManifest;
    let bytesUploaded = 0;
    let bytes = 0;
    for (const blob of [original.config, ...original.layers]) {
      const content = await spool.read(blob.digest);
      bytes += content.length;
      bytesUploaded += await pushBlobOnce(remote, content, 'deltas', traffic, blob.digest);
    }
    const annotations = { ...original.annotations, [ANNOTATION_BASE]: from, [ANNOTATION_BASE_LAYERS]: baseLayers.join(',') };
    const manifest = Buffer.from(JSON.stringify({ ...original, subject, annotations }));
    const descriptor: Descriptor = { mediaType: OCI_MANIFEST, digest: sha(manifest), size: manifest.length, artifactType: BUNDLE_ARTIFACT_TYPE, annotations: { [ANNOTATION_BASE]: from, [ANNOTATION_BASE_LAYERS]: baseLayers.join(',') } };
    await pushReferrer(remote, deltaTag(subject.digest, from), manifest, descriptor, subject.digest, traffic,
      (d) => d.artifactType === BUNDLE_ARTIFACT_TYPE && d.annotations?.[ANNOTATION_BASE] === from);
    return { from, artifact: descriptor.digest, bytes, bytesUploaded };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A tar of these entries, each a file (streamed from disk) or bytes. */
async function* tarOf(entries: [string, string | Buffer][]): AsyncGenerator<Uint8Array> {
  for (const [path, source] of entries) {
    const size = typeof source === 'string' ? (await stat(source)).size : source.length;
    yield entryHeader(path, size);
    if (typeof source === 'string') yield* createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
    else yield source;
    yield paddingAfter(size);
  }
  yield END_OF_ARCHIVE;
}

/** Fetches a blob into `path` as it streams, checked against its digest; returns its length. */
async function download(remote: ChunkRemote, digest: string, path: string, traffic: Traffic): Promise<number> {
  const hash = createHash('sha256');
  let length = 0;
  const source: AsyncIterable<Buffer> = remote.streamBlob
    ? await remote.streamBlob(digest, 'deltas')
    : await (async function* () {
      const response = await remote.getBlob(digest, undefined, 'deltas');
      if (response.status !== 200) throw new CorruptDataError(`registry: blob ${digest} came as ${response.status}`, { digest });
      yield response.body;
    })();
  try {
    await pipeline(source, async function* (pieces: AsyncIterable<Buffer>) {
      for await (const piece of pieces) {
        hash.update(piece);
        length += piece.length;
        yield piece;
      }
    }, createWriteStream(path));
  } finally {
    traffic.got('deltas', length);
  }
  if (`sha256:${hash.digest('hex')}` !== digest) throw new CorruptDataError(`registry: blob ${digest} does not match its digest`, { digest });
  return length;
}

/** The largest plan read (JSON, held in memory to clear its names). */
const MAX_PLAN_BYTES = 256 << 20;

export interface DeltaPullReport {
  artifact: string;
  from: string;
  /** the layers the bundle stored */
  layers: string[];
  /** per layer stored, whether its blob is now reproduced (where the bundle said how), or why not */
  blobs: Map<string, BlobOutcome>;
  bytes: number;
}

/**
 * Obtains the image's layers through a delta artifact whose base layers the store holds.
 * Returns undefined when there is none. Every blob is checked against its digest; applyBundle
 * checks every file and every layer's DiffID before anything is stored under it.
 */
export async function pullByDelta(store: Store, remote: ChunkRemote, subject: string, traffic: Traffic, options: { describeBlobs?: boolean } = {}): Promise<DeltaPullReport | undefined> {
  const referrers = await listReferrers(remote, subject, traffic);
  let chosen: Descriptor | undefined;
  let bytesOfManifest: Buffer | undefined;
  // The newest first; one deleted since it was listed is passed over.
  for (const d of referrers.filter((r) => r.artifactType === BUNDLE_ARTIFACT_TYPE).reverse()) {
    const layers = d.annotations?.[ANNOTATION_BASE_LAYERS]?.split(',').filter(Boolean) ?? [];
    if (layers.length === 0) continue;
    let held = true;
    for (const l of layers) if (!(await store.hasLayer(l))) { held = false; break; }
    if (!held) continue;
    bytesOfManifest = await fetchManifest(remote, d.digest, traffic);
    if (bytesOfManifest) { chosen = d; break; }
  }
  if (!chosen || !bytesOfManifest) return undefined;
  const manifest = JSON.parse(bytesOfManifest.toString('utf8')) as BundleManifest;
  if (manifest.artifactType !== BUNDLE_ARTIFACT_TYPE || manifest.subject?.digest !== subject) {
    throw new CorruptDataError(`registry: delta artifact ${chosen.digest} is not about ${subject}`, { digest: chosen.digest });
  }
  const dir = await store.scratchDir('delta-pull-');
  try {
    const entries: [string, string | Buffer][] = [];
    let bytes = 0;
    type Plan = { images: { names: string[] }[]; layers: { diffId: string }[] };
    let plan = undefined as Plan | undefined;
    const layers: Descriptor[] = [];
    for (const [i, blob] of [manifest.config, ...manifest.layers].entries()) {
      const path = join(dir, String(i));
      bytes += await download(remote, blob.digest, path, traffic);
      if (blob.mediaType === PLAN_MEDIA_TYPE && !plan) {
        if ((await stat(path)).size > MAX_PLAN_BYTES) throw new CorruptDataError(`registry: the plan of delta artifact ${chosen.digest} is larger than ${MAX_PLAN_BYTES} bytes`);
        // The sender's names are not the puller's: the plan goes in without them (the pull names the image).
        plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
        for (const image of plan.images) image.names = [];
        const bytesOf = Buffer.from(JSON.stringify(plan));
        entries.push([`blobs/sha256/${sha(bytesOf).slice(7)}`, bytesOf]);
        layers.push({ ...blob, digest: sha(bytesOf), size: bytesOf.length });
        continue;
      }
      entries.push([`blobs/sha256/${blob.digest.slice(7)}`, path]);
      if (blob !== manifest.config) layers.push(blob);
    }
    if (!plan) throw new CorruptDataError(`registry: delta artifact ${chosen.digest} has no plan`);
    const local = Buffer.from(JSON.stringify({ ...manifest, layers }));
    entries.push([`blobs/sha256/${sha(local).slice(7)}`, local]);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: OCI_MANIFEST, artifactType: BUNDLE_ARTIFACT_TYPE, digest: sha(local), size: local.length }] }));
    const applied = await applyBundle(store, tarOf([['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}')], ['index.json', index], ...entries]), options);
    const blobs = new Map(applied.layers.flatMap((l) => (l.blob ? [[l.diffId, l.blob] as const] : [])));
    return { artifact: chosen.digest, from: manifest.annotations?.[ANNOTATION_BASE] ?? '', layers: plan.layers.map((l) => l.diffId), blobs, bytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
