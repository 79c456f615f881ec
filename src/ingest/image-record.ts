/**
 * Images made by cairn itself (from a directory or a lone layer tar): a minimal OCI config
 * and manifest, deterministic (fixed key order, no timestamps), so that the same layer always
 * gives the same image digest.
 */
import { arch } from 'node:os';
import { sha256Digest } from '../digest.js';
import type { ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { MEDIA_TYPES } from '../recipe/index.js';


function ociArchitecture(): string {
  const a = arch();
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[a] ?? a;
}

/**
 * Stores config, manifest and image record for a one-layer image of an uncompressed layer.
 * Returns the record (not yet committed).
 */
export async function storeSingleLayerImage(store: Store, layer: { diffId: string; tarBytes: number }, source: string): Promise<ImageRecord> {
  const architecture = ociArchitecture();
  const config = Buffer.from(JSON.stringify({
    architecture,
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
  }));
  const configDigest = sha256Digest(config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: configDigest, size: config.length },
    layers: [{ mediaType: MEDIA_TYPES.layerTar, digest: layer.diffId, size: layer.tarBytes }],
  }));
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
    platform: { os: 'linux', architecture },
  };
  await store.putImage(record);
  return record;
}
