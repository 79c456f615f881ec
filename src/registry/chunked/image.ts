/** The image a chunk or delta pull completes: its manifest and config read, and its record and names stored once every layer is. */
import { BadInputError, CorruptDataError } from '../../errors.js';
import type { ImageRecord } from '../../recipe/index.js';
import type { Store } from '../../store/index.js';
import type { RangeFetcher } from './fetcher.js';

/** An image manifest the caller resolved and checked against its digest. */
export interface PullTarget {
  manifest: Buffer;
  manifestDigest: string;
  mediaType: string;
  /** image indexes (outermost first) through which the manifest was reached, verbatim */
  indexes?: Buffer[];
  /** names to set once the image is stored */
  names: string[];
}

export interface ManifestLayer {
  mediaType: string;
  digest: string;
  size: number;
}

export interface ImageManifest {
  config: { mediaType: string; digest: string; size: number };
  layers: ManifestLayer[];
}

export interface ImageConfig {
  bytes: Buffer;
  digest: string;
  diffIds: string[];
  platform?: { os: string; architecture: string; variant?: string };
}

export function parseImageManifest(bytes: Buffer): ImageManifest {
  let m: Partial<ImageManifest>;
  try {
    m = JSON.parse(bytes.toString('utf8')) as Partial<ImageManifest>;
  } catch {
    throw new BadInputError('registry: the image manifest is not valid JSON');
  }
  if (!m.config || typeof m.config.digest !== 'string' || !Array.isArray(m.layers)) throw new BadInputError('registry: not an image manifest');
  return { config: m.config, layers: m.layers };
}

export async function fetchImageConfig(fetcher: RangeFetcher, ref: ImageManifest['config']): Promise<ImageConfig> {
  const bytes = await fetcher.whole(ref, 'manifests');
  let config: { rootfs?: { diff_ids?: unknown }; os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    config = JSON.parse(bytes.toString('utf8')) as typeof config;
  } catch {
    throw new CorruptDataError('registry: the image config is not valid JSON');
  }
  const diffIds = config.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || !diffIds.every((d) => typeof d === 'string' && /^sha256:[0-9a-f]{64}$/.test(d))) {
    throw new CorruptDataError('registry: the image config lists no DiffIDs');
  }
  const platform = typeof config.os === 'string' && typeof config.architecture === 'string'
    ? { os: config.os, architecture: config.architecture, ...(typeof config.variant === 'string' ? { variant: config.variant } : {}) }
    : undefined;
  return { bytes, digest: ref.digest, diffIds: diffIds as string[], ...(platform ? { platform } : {}) };
}

/** Stores the manifest, config, indexes and image record, sets the names, commits. Every layer must be stored already. */
export async function storeImage(store: Store, target: PullTarget, image: ImageManifest, config: ImageConfig, tarBytes: (diffId: string) => number): Promise<ImageRecord> {
  for (const diffId of config.diffIds) {
    if (!(await store.hasLayer(diffId))) throw new CorruptDataError(`registry: layer ${diffId} was not stored`, { digest: diffId });
  }
  await store.putBlob(target.manifest);
  await store.putBlob(config.bytes);
  const indexes: string[] = [];
  for (const index of target.indexes ?? []) indexes.push(await store.putBlob(index));
  const record: ImageRecord = {
    version: 1,
    manifest: target.manifestDigest,
    manifestMediaType: target.mediaType,
    config: config.digest,
    layers: image.layers.map((l, i) => ({ diffId: config.diffIds[i]!, tarBytes: tarBytes(config.diffIds[i]!), mediaType: l.mediaType, digest: l.digest, size: l.size })),
    source: 'registry',
    ...(indexes.length > 0 ? { indexes } : {}),
    ...(config.platform ? { platform: config.platform } : {}),
  };
  await store.putImage(record);
  if (target.names.length > 0) await store.setNames(target.names, target.manifestDigest);
  await store.commit();
  return record;
}
