/**
 * OCI image layout directories (image-spec "image-layout.md"): index.json is walked through
 * nested indexes to every manifest; manifests, configs and indexes are stored verbatim; each
 * layer blob is checked against its digest, decompressed by content, stored as a layer recipe,
 * and its DiffID checked against the config. A layer already in the store is not read again.
 *
 * Names come from the `org.opencontainers.image.ref.name` annotation: a full reference
 * (`repo:tag`) is used as is, a bare tag gets the repository given (--name) or the layout
 * directory's base name. Where one name covers several platforms, the name goes to the one
 * matching this machine (else the first); the others are stored unnamed, reachable by digest.
 */
import { arch } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { parseDigest, sha256Digest } from '../digest.js';
import { MEDIA_TYPES, type ImageLayer, type ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { blobPath, parseJson, readSmallBlob, readVerifiedBlob } from './blobs.js';
import { decompressed } from './decompress.js';
import { ingestLayerStream } from './layer-tar.js';
import type { LayerStats } from './layer-builder.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const INDEX_TYPES = new Set([MEDIA_TYPES.index, 'application/vnd.docker.distribution.manifest.list.v2+json']);

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
  urls?: string[];
}

export interface ImageConfig {
  rootfs?: { type?: string; diff_ids?: string[] };
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface ImportedImage {
  record: ImageRecord;
  names: string[];
  layers: LayerStats[];
}

interface Found {
  descriptor: Descriptor;
  refName: string | undefined;
  indexes: string[];
}

function hostArchitecture(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' } as Record<string, string>)[arch()] ?? arch();
}

/** `repo:tag` for a ref name; bare tags take `repository`. */
export function imageName(refName: string, repository: string): string {
  const lastSlash = refName.lastIndexOf('/');
  if (refName.slice(lastSlash + 1).includes(':') || refName.includes('@')) return refName;
  if (lastSlash >= 0) return `${refName}:latest`;
  return `${repository}:${refName}`;
}

/**
 * Stores one image given its manifest bytes, config bytes and a way to open each layer blob.
 * Shared by OCI layouts and docker-archives.
 */
export async function storeImage(
  store: Store,
  input: {
    manifestBytes: Buffer;
    manifestMediaType: string;
    configBytes: Buffer;
    layers: { descriptor: Descriptor; open: () => AsyncIterable<Uint8Array> }[];
    source: string;
    indexes?: string[];
    what: string;
  },
  signal?: AbortSignal,
): Promise<{ record: ImageRecord; layers: LayerStats[] }> {
  const config = parseJson<ImageConfig>(input.configBytes, `${input.what}: config`);
  const diffIds = config.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.length !== input.layers.length) {
    throw new BadInputError(`${input.what}: the config lists ${Array.isArray(diffIds) ? diffIds.length : 'no'} DiffIDs for ${input.layers.length} layers`);
  }
  const stats: LayerStats[] = [];
  const layers: ImageLayer[] = [];
  for (const [i, layer] of input.layers.entries()) {
    const diffId = parseDigest(diffIds[i]!, 'DiffID');
    if (!(await store.hasLayer(diffId))) {
      const what = `${input.what}: layer ${layer.descriptor.digest}`;
      const { stream } = await decompressed(layer.open(), what);
      const { recipe, stats: layerStats } = await ingestLayerStream(store, stream, { signal, what });
      if (layerStats.diffId !== diffId) {
        throw new BadInputError(`${what}: its uncompressed sha256 is ${layerStats.diffId}, but the config says ${diffId}`, { digest: layer.descriptor.digest });
      }
      await store.putLayerRecipe(diffId, recipe);
      stats.push(layerStats);
      layers.push({ diffId, tarBytes: layerStats.tarBytes, mediaType: layer.descriptor.mediaType ?? MEDIA_TYPES.layerGzip, digest: parseDigest(layer.descriptor.digest), size: layer.descriptor.size ?? 0 });
    } else {
      const recipe = await store.getLayerRecipe(diffId);
      layers.push({ diffId, tarBytes: recipe.tarLength, mediaType: layer.descriptor.mediaType ?? MEDIA_TYPES.layerGzip, digest: parseDigest(layer.descriptor.digest), size: layer.descriptor.size ?? 0 });
    }
  }
  const manifest = await store.putBlob(input.manifestBytes);
  const configDigest = await store.putBlob(input.configBytes);
  const record: ImageRecord = {
    version: 1,
    manifest,
    manifestMediaType: input.manifestMediaType,
    config: configDigest,
    layers,
    source: input.source,
    platform: { os: config.os ?? 'linux', architecture: config.architecture ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}) },
    ...(input.indexes && input.indexes.length > 0 ? { indexes: input.indexes } : {}),
  };
  await store.putImage(record);
  return { record, layers: stats };
}

/** Ingests every image of an OCI layout directory (uncommitted). */
export async function ingestOciLayout(store: Store, dir: string, options: { repository?: string; source?: string; signal?: AbortSignal } = {}): Promise<ImportedImage[]> {
  const layoutFile = await readFile(join(dir, 'oci-layout'), 'utf8').catch(() => undefined);
  if (layoutFile === undefined) throw new BadInputError(`${dir}: not an OCI image layout (no oci-layout file)`, { path: dir });
  const layoutInfo = parseJson<{ imageLayoutVersion?: string }>(Buffer.from(layoutFile), `${dir}/oci-layout`);
  if (typeof layoutInfo.imageLayoutVersion !== 'string') throw new BadInputError(`${dir}/oci-layout: no imageLayoutVersion`, { path: dir });
  const indexBytes = await readFile(join(dir, 'index.json')).catch((cause: Error) => {
    throw new BadInputError(`${dir}: cannot read index.json: ${cause.message}`, { path: dir, cause });
  });
  const repository = options.repository ?? basename(resolve(dir));
  const found: Found[] = [];
  const seenIndexes = new Set<string>();
  const walk = async (manifests: unknown, refName: string | undefined, chain: string[], depth: number): Promise<void> => {
    if (!Array.isArray(manifests)) throw new BadInputError(`${dir}: an index has no manifests list`, { path: dir });
    if (depth > 8) throw new BadInputError(`${dir}: image indexes nested too deep`, { path: dir });
    for (const d of manifests as Descriptor[]) {
      if (!d || typeof d.digest !== 'string') throw new BadInputError(`${dir}: a descriptor has no digest`, { path: dir });
      const name = d.annotations?.[REF_NAME] ?? refName;
      if (d.mediaType && INDEX_TYPES.has(d.mediaType)) {
        if (seenIndexes.has(d.digest)) continue;
        seenIndexes.add(d.digest);
        const bytes = await readSmallBlob(dir, d.digest, d.size);
        await store.putBlob(bytes);
        await walk(parseJson<{ manifests?: unknown }>(bytes, `index ${d.digest}`).manifests, name, [...chain, parseDigest(d.digest)], depth + 1);
      } else {
        found.push({ descriptor: d, refName: name, indexes: chain });
      }
    }
  };
  await walk(parseJson<{ manifests?: unknown }>(indexBytes, `${dir}/index.json`).manifests, undefined, [], 0);
  if (found.length === 0) throw new BadInputError(`${dir}: the layout holds no image manifest`, { path: dir });
  // One name per ref name: the manifest for this machine's platform, else the first.
  const owner = new Map<string, Found>();
  for (const f of found) {
    if (!f.refName) continue;
    const current = owner.get(f.refName);
    const matches = (x: Found) => x.descriptor.platform?.architecture === hostArchitecture();
    if (!current || (!matches(current) && matches(f))) owner.set(f.refName, f);
  }
  const results: ImportedImage[] = [];
  const done = new Map<string, ImportedImage>();
  for (const f of found) {
    const digest = parseDigest(f.descriptor.digest);
    let imported = done.get(digest);
    if (!imported) {
      const manifestBytes = await readSmallBlob(dir, digest, f.descriptor.size);
      const manifest = parseJson<{ config?: Descriptor; layers?: Descriptor[]; mediaType?: string }>(manifestBytes, `manifest ${digest}`);
      if (!manifest.config || !Array.isArray(manifest.layers)) throw new BadInputError(`manifest ${digest}: no config or layers`, { digest });
      const configBytes = await readSmallBlob(dir, manifest.config.digest, manifest.config.size);
      const { record, layers } = await storeImage(store, {
        manifestBytes,
        manifestMediaType: manifest.mediaType ?? f.descriptor.mediaType ?? MEDIA_TYPES.manifest,
        configBytes,
        layers: manifest.layers.map((descriptor) => {
          if (!descriptor || typeof descriptor.digest !== 'string') throw new BadInputError(`manifest ${digest}: a layer has no digest`, { digest });
          return { descriptor, open: () => readVerifiedBlob(blobPath(dir, descriptor.digest), descriptor.digest, descriptor.size) };
        }),
        source: options.source ?? 'oci-layout',
        indexes: f.indexes,
        what: `${dir}: manifest ${digest}`,
      }, options.signal);
      imported = { record, names: [], layers };
      done.set(digest, imported);
      results.push(imported);
    }
    if (f.refName && owner.get(f.refName) === f) imported.names.push(imageName(f.refName, repository));
  }
  for (const r of results) if (r.names.length > 0) await store.setNames(r.names, r.record.manifest);
  return results;
}

/** A manifest cairn writes for images that came without one (docker-archive, lone layer tars). */
export function synthesizeManifest(configBytes: Buffer, layers: { mediaType: string; digest: string; size: number }[]): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: sha256Digest(configBytes), size: configBytes.length },
    layers,
  }));
}
