/**
 * Image records into the store. An image that came with a manifest (OCI layout, archive) is
 * stored verbatim: manifest, config and indexes as blobs, each layer as a recipe unless the
 * store has it already, its DiffID checked against the config. Images made by cairn itself
 * (from a directory or a lone layer tar) get a minimal OCI config and manifest, deterministic
 * (fixed key order, no timestamps), so that the same layer always gives the same image digest.
 */
import { arch } from 'node:os';
import { BadInputError } from '../errors.js';
import { sha256Digest } from '../digest.js';
import type { ImageLayer, ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import { storeLayer, type LayerStats } from './layer-builder.js';
import { BlobWitness, type BlobDescription } from '../reblob/index.js';
import type { ImageSource } from './sources.js';


function ociArchitecture(): string {
  const a = arch();
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[a] ?? a;
}

/**
 * The config and manifest cairn writes for a one-layer image of an uncompressed layer
 * (deterministic: the same layer on the same architecture gives the same manifest digest).
 */
export function singleLayerImageBlobs(layer: { diffId: string; tarBytes: number }): { config: Buffer; manifest: Buffer } {
  const config = Buffer.from(JSON.stringify({
    architecture: ociArchitecture(),
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: MEDIA_TYPES.layerTar, digest: layer.diffId, size: layer.tarBytes }],
  }));
  return { config, manifest };
}

/**
 * Stores config, manifest and image record for a one-layer image of an uncompressed layer.
 * Returns the record (not yet committed).
 */
export async function storeSingleLayerImage(store: Store, layer: { diffId: string; tarBytes: number }, source: string): Promise<ImageRecord> {
  const { config, manifest } = singleLayerImageBlobs(layer);
  const configDigest = sha256Digest(config);
  const manifestDigest = sha256Digest(manifest);
  await store.putBlob(config);
  await store.putBlob(manifest);
  const record: ImageRecord = {
    version: 1,
    manifest: manifestDigest,
    manifestMediaType: MEDIA_TYPES.manifest,
    config: configDigest,
    layers: [{ diffId: layer.diffId, tarBytes: layer.tarBytes, mediaType: MEDIA_TYPES.layerTar, digest: layer.diffId, size: layer.tarBytes }],
    source,
    platform: { os: 'linux', architecture: ociArchitecture() },
  };
  await store.putImage(record);
  return record;
}

/**
 * Stores an image that has a manifest (uncommitted). Returns its record and the figures of the
 * layers it stored. With `describeBlobs`, each compressed blob is watched as it is read and
 * described (src/reblob).
 */
export async function storeImage(store: Store, image: ImageSource, signal?: AbortSignal, describeBlobs = true): Promise<{ record: ImageRecord; layers: LayerStats[] }> {
  const { manifest, config } = image;
  if (!manifest || !config) throw new TypeError(`storeImage: ${image.what} has no manifest`);
  for (const index of image.indexes) await store.putBlob(index.bytes);
  const stats: LayerStats[] = [];
  const layers: ImageLayer[] = [];
  // Each watched blob's confirmation finishes while the next layers are read (spill.ts); the
  // descriptions are stored once all of them are in.
  const witnesses: BlobWitness[] = [];
  const described: Promise<BlobDescription>[] = [];
  try {
    for (const layer of image.layers) {
      const diffId = layer.diffId!;
      const blob = layer.blob!;
      let tarBytes: number;
      if (!(await store.hasLayer(diffId))) {
        // A compressed blob is watched as it is read, to record how to rebuild it (src/reblob).
        const witness = describeBlobs && blob.digest !== diffId && !(await store.getBlobDescription(blob.digest))
          ? new BlobWitness({ ...blob, diffId, descriptor: JSON.stringify(blob.descriptor ?? { mediaType: blob.mediaType, digest: blob.digest, size: blob.size }) }, store.tmpDir)
          : undefined;
        if (witness) witnesses.push(witness);
        const { root, stats: layerStats } = await storeLayer(store, layer.parts(witness, { transient: true }), { signal, what: layer.what });
        if (layerStats.diffId !== diffId) {
          throw new BadInputError(`${layer.what}: its uncompressed sha256 is ${layerStats.diffId}, but the config says ${diffId}`, { digest: blob.digest });
        }
        await store.putLayerRecipe(diffId, root);
        if (witness) described.push(witness.describe());
        stats.push(layerStats);
        tarBytes = layerStats.tarBytes;
      } else {
        tarBytes = (await store.getLayerRecipe(diffId)).tarLength;
      }
      layers.push({ diffId, tarBytes, mediaType: blob.mediaType, digest: blob.digest, size: blob.size });
    }
  } catch (error) {
    for (const witness of witnesses) witness.abandon();
    await Promise.all(described);
    throw error;
  }
  for (const description of await Promise.all(described)) await store.putBlobDescription(description);
  const manifestDigest = await store.putBlob(manifest.bytes);
  const configDigest = await store.putBlob(config.bytes);
  const record: ImageRecord = {
    version: 1,
    manifest: manifestDigest,
    manifestMediaType: manifest.mediaType,
    config: configDigest,
    layers,
    source: image.kind,
    platform: { os: config.os ?? 'linux', architecture: config.architecture ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}) },
    ...(image.indexes.length > 0 ? { indexes: image.indexes.map((i) => i.digest) } : {}),
  };
  await store.putImage(record);
  return { record, layers: stats };
}
