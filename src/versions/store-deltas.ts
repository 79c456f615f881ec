/**
 * Versions as deltas: after an image is ingested, each large file its new layers brought that
 * has a predecessor in an older image of the same repository (same path, else the base-name
 * rules of bundles: src/bundle/catalog.ts) is stored as a delta against it (record kind 11,
 * src/store/file-deltas.ts) when the delta is at most 3/4 of the bytes its own chunk records
 * take. The file's chunks then serve nothing: the next gc reclaims them. Crash safety: a delta
 * record only adds a way to read a file whose chunks are all still there; a crash before the
 * commit leaves the file as it was, after it leaves both ways (reads use the delta), and gc
 * only drops chunks once the committed delta is what keeps the file (see reachable.ts).
 *
 * Chains: a file is made a delta only against a base fewer than MAX_DELTA_DEPTH deltas deep,
 * and only if no delta is made against it already (so no existing chain grows): a delta-stored
 * file is at most MAX_DELTA_DEPTH decodes from a fully stored one. When the predecessor is at
 * the limit, the delta is made against the root of its chain (a skip delta, depth 1); when that
 * no longer saves a quarter, the version stays stored as chunks and starts a new chain.
 */
import { BaseCatalog } from '../bundle/catalog.js';
import { encodeDelta, type DeltaMethod, type DiffCoding } from '../delta/index.js';
import { hexOf } from '../digest.js';
import { parseImageName } from '../reference.js';
import { MAX_DELTA_DEPTH, type Store } from '../store/index.js';
import { layerPaths, type PathedFile } from './layer-paths.js';

export interface VersionDeltaOptions {
  /** Files smaller than this are left as chunks. @default 64 KiB */
  minFileBytes?: number;
  /** Files larger than this are left as chunks (encoding holds base and target and ~7 bytes per base byte). @default 256 MiB */
  maxFileBytes?: number;
  /** Codec methods and zstd level (src/delta). @default ['sa'], 9 */
  methods?: readonly DeltaMethod[];
  level?: number;
  /**
   * How sa deltas code their diff stream (the codec's DeltaOptions.diffCoding). A stored delta
   * is decoded at every cold read, so the default is `split`, which never runs the range
   * coder: on the demo corpus's 15 images it reads 1.85x as fast for 0.3% more stored
   * (`CAIRN_BENCH_VERSIONS_CODINGS=1 node bench/run.mjs versions`).
   * @default 'split'
   */
  diffCoding?: DiffCoding;
  /** One event per delta written or refused, for a log. */
  onFile?: (event: VersionDeltaEvent) => void;
  signal?: AbortSignal;
}

export interface VersionDeltaEvent {
  path: string;
  digest: string;
  base: string;
  /** bytes of the file's own chunk records, and of its delta (when one was made) */
  chunkBytes: number;
  deltaBytes?: number;
  stored: boolean;
  seconds: number;
}

export interface VersionDeltaResult {
  /** files stored as deltas, their size, their delta bytes, and the chunk record bytes gc can now reclaim */
  files: number;
  fileBytes: number;
  deltaBytes: number;
  chunkBytes: number;
  /** files tried whose delta saved too little */
  refused: number;
  seconds: number;
}

/** The repository of an image name (the name without its tag); undefined for what is not a name. */
export function repositoryOf(name: string): string | undefined {
  try {
    return parseImageName(name).name;
  } catch {
    return undefined;
  }
}

/**
 * Stores as deltas the new files of the image `manifest` (sha256:…) named `names`, against
 * their predecessors in the store's other images of the same repositories; commits.
 */
export async function storeVersionDeltas(
  store: Store, manifest: string, names: readonly string[], options: VersionDeltaOptions = {},
): Promise<VersionDeltaResult> {
  const started = performance.now();
  const result: VersionDeltaResult = { files: 0, fileBytes: 0, deltaBytes: 0, chunkBytes: 0, refused: 0, seconds: 0 };
  const repositories = new Set(names.map(repositoryOf).filter((r) => r !== undefined));
  const older = new Set<string>();
  for (const n of await store.listNames()) {
    const repository = repositoryOf(n.name);
    if (repository !== undefined && repositories.has(repository) && n.image !== manifest) older.add(n.image);
  }
  if (older.size === 0) return result;
  const catalog = new BaseCatalog();
  const olderLayers = new Set<string>();
  for (const image of older) {
    for (const layer of (await store.getImage(image)).layers) {
      if (olderLayers.has(layer.diffId)) continue;
      olderLayers.add(layer.diffId);
      for (const file of await layerPaths(store, layer.diffId)) catalog.indexFile(file);
    }
  }
  const deltas = store.fileDeltas;
  const bases = await deltas.bases();
  const seen = new Set<string>();
  for (const layer of (await store.getImage(manifest)).layers) {
    if (olderLayers.has(layer.diffId)) continue;
    for (const file of await layerPaths(store, layer.diffId)) {
      if (options.signal?.aborted) break;
      if (file.size < (options.minFileBytes ?? 64 * 1024) || file.size > (options.maxFileBytes ?? 256 * 1024 * 1024)) continue;
      if (catalog.files.has(file.digest) || seen.has(file.digest) || bases.has(file.digest)) continue;
      seen.add(file.digest);
      const base = catalog.baseFor(file.path, file.size);
      if (!base || base.digest === file.digest) continue;
      const outcome = await tryDelta(store, file, base, options);
      if (!outcome) continue;
      options.onFile?.(outcome);
      if (!outcome.stored) {
        result.refused++;
        continue;
      }
      bases.add(outcome.base.slice("sha256:".length));
      result.files++;
      result.fileBytes += file.size;
      result.deltaBytes += outcome.deltaBytes!;
      result.chunkBytes += outcome.chunkBytes;
    }
  }
  await store.commit();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Encodes one file against its base and stores the delta when it saves at least a quarter; undefined when not tried. */
async function tryDelta(store: Store, file: PathedFile, predecessor: PathedFile, options: VersionDeltaOptions): Promise<VersionDeltaEvent | undefined> {
  const started = performance.now();
  const deltas = store.fileDeltas;
  let base = predecessor;
  if ((await deltas.depth(file.digest)) > 0) return undefined;
  let chain = await deltas.chain(base.digest);
  if (chain.includes(file.digest)) return undefined;
  // A predecessor at the depth limit: the delta is made against the root of its chain instead
  // (a full file, so the chain restarts at depth 1); when that saves too little, the file stays chunks.
  if (chain.length >= MAX_DELTA_DEPTH) {
    base = { ...base, digest: chain[chain.length - 1]! };
    chain = [];
  }
  // What the file's chunks cost beyond those it shares with its base (and so would free).
  const shared = new Set(await deltas.chunkDigests(base.digest));
  const own = new Set((await deltas.chunkDigests(file.digest)).filter((c) => !shared.has(c)));
  const chunkBytes = await deltas.chunkRecordBytes(own);
  const event: VersionDeltaEvent = { path: file.path, digest: 'sha256:' + file.digest, base: 'sha256:' + base.digest, chunkBytes, stored: false, seconds: 0 };
  if (chunkBytes < 16 * 1024) return undefined;
  const delta = encodeDelta(await deltas.content(base.digest), await deltas.content(file.digest), {
    methods: options.methods ?? ['sa'], level: options.level ?? 9, diffCoding: options.diffCoding ?? 'split',
  });
  event.deltaBytes = delta.length;
  if (delta.length * 4 <= chunkBytes * 3) {
    await deltas.put(hexOf(file.digest), delta);
    event.stored = true;
  }
  event.seconds = (performance.now() - started) / 1000;
  return event;
}
