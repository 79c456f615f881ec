/**
 * Pushing an image's chunk artifact beside it: the packs the repository lacks, the index,
 * the artifact manifest (tagged `sha256-<hex>.cairn-chunks`, so that garbage collection with
 * untagged manifests deleted keeps it), and its entry in the referrers tag fallback.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../store/index.js';
import { buildChunkArtifact, type Descriptor } from './build.js';
import { CHUNKS_ARTIFACT_TYPE, EMPTY_JSON, OCI_MANIFEST, chunksTag } from './format.js';
import { addReferrer } from './referrers.js';
import type { ChunkRemote, Traffic, TrafficKind } from './remote.js';

export interface ChunkPushReport {
  artifact: string;
  packs: number;
  packsUploaded: number;
  packBytes: number;
  bytesUploaded: number;
  chunks: number;
  chunkBytes: number;
}

const sha = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Uploads a blob unless the repository has it; returns the bytes sent. */
export async function pushBlobOnce(remote: ChunkRemote, bytes: Buffer, kind: TrafficKind, traffic: Traffic, digest = sha(bytes)): Promise<number> {
  traffic.asked();
  if (await remote.hasBlob(digest)) return 0;
  await remote.putBlob(digest, bytes);
  traffic.put(kind, bytes.length);
  return bytes.length;
}

/** Pushes a manifest under `tag` and records it as a referrer of its subject (unless the registry does so itself). */
export async function pushReferrer(remote: ChunkRemote, tag: string, manifest: Buffer, descriptor: Descriptor, subject: string, traffic: Traffic, supersedes?: (d: Descriptor) => boolean): Promise<void> {
  const answer = await remote.putManifest(tag, manifest, OCI_MANIFEST);
  traffic.put('manifests', manifest.length);
  if (answer.headers['oci-subject'] === subject) return;
  await addReferrer(remote, subject, descriptor, traffic, supersedes);
}

/** Pushes the chunk artifact of a stored image (its manifest digest) to the repository of `remote`. */
export async function pushChunkArtifact(store: Store, remote: ChunkRemote, manifestDigest: string, traffic: Traffic, subject?: Descriptor): Promise<ChunkPushReport> {
  let packsUploaded = 0;
  let bytesUploaded = 0;
  const artifact = await buildChunkArtifact(store, manifestDigest, subject, async (pack) => {
    const sent = await pushBlobOnce(remote, pack.bytes, 'chunks', traffic, pack.digest);
    if (sent > 0) packsUploaded++;
    bytesUploaded += sent;
  });
  for (const index of artifact.indexes) bytesUploaded += await pushBlobOnce(remote, index.bytes, 'metadata', traffic, index.descriptor.digest);
  bytesUploaded += await pushBlobOnce(remote, EMPTY_JSON, 'metadata', traffic);
  const descriptor: Descriptor = {
    mediaType: OCI_MANIFEST, digest: artifact.manifestDigest, size: artifact.manifest.length, artifactType: CHUNKS_ARTIFACT_TYPE,
  };
  await pushReferrer(remote, chunksTag(artifact.subject.digest), artifact.manifest, descriptor, artifact.subject.digest, traffic, (d) => d.artifactType === CHUNKS_ARTIFACT_TYPE);
  return {
    artifact: artifact.manifestDigest, packs: artifact.packs.length, packsUploaded, packBytes: artifact.packBytes, bytesUploaded,
    chunks: artifact.chunks, chunkBytes: artifact.chunkBytes,
  };
}
