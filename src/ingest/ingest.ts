/**
 * Ingest: drives every image the inputs hold (sources.ts finds them by content) into the
 * store, then commits once, so that an ingest either lands whole (every pack sealed and
 * indexed, names last) or leaves nothing named. Results use the JSON form the README gives.
 */
import { BadInputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { storeImage, storeSingleLayerImage } from './image-record.js';
import { storeLayer, type LayerStats } from './layer-builder.js';
import { applyGivenName, checkGivenName, sourceNames } from './naming.js';
import { knownLayer, rememberDiffId, type InputFingerprint } from './files-cache.js';
import { IngestProgress, inputShares } from './progress.js';
import { openImageSources } from './sources.js';
import { deltasAfterIngest, type VersionDeltaResult } from '../versions/index.js';

export interface IngestOptions {
  /** Name for an image made from a directory or a lone layer tar. */
  name?: string;
  signal?: AbortSignal;
  /** Things skipped or not kept (sockets, unreadable xattrs); the ingest goes on. */
  onWarning?: (message: string) => void;
  /** Store new files of named images as deltas against their predecessors (src/versions), after the commit. */
  deltas?: boolean;
  /**
   * Watch each compressed layer blob of an image to record how to rebuild it byte for byte
   * (src/reblob), so that export and push give back the original blobs and manifest. It costs a
   * second compression of the tar. @default true
   */
  describeBlobs?: boolean;
}

export interface IngestedImage {
  name: string | null;
  manifest: string;
  config: string;
  layers: string[];
  /** Present (true) when the name was made from the input's path because no --name was given. */
  namedAfterPath?: true;
}

/**
 * A layer of an ingested image: `stored` says whether this ingest stored it ('new': the figures
 * are this ingest's) or the store held it already ('already': only its size is given when it was
 * not read again).
 */
export interface IngestedLayer extends Omit<LayerStats, 'files' | 'chunks'> {
  files?: number;
  chunks?: number;
  stored: 'new' | 'already';
}

export interface IngestResult {
  images: IngestedImage[];
  layers: IngestedLayer[];
  totals: { files: number; chunks: number; newChunks: number; storedBytes: number };
  /** With `deltas`: the files stored as deltas (their chunks are reclaimed by the next gc). */
  deltas?: VersionDeltaResult;
}

/**
 * Ingests paths and commits. Each path is recognised by content: an OCI layout directory (it
 * has an oci-layout file), any other directory (a one-layer image of its tree), an OCI archive
 * or docker-archive (a tar holding oci-layout or manifest.json), or a layer tar (plain, gzip or
 * zstd; a one-layer image). Names follow naming.ts.
 */
export async function ingest(store: Store, paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  if (paths.length === 0) throw new BadInputError('nothing to ingest: give at least one path');
  if (options.name !== undefined && paths.length > 1) throw new BadInputError('--name applies to a single input; give one path');
  checkGivenName(options.name);
  const found: { entry: Omit<IngestedImage, 'name'>; names: string[]; ownNames: boolean; path: string }[] = [];
  const layers: IngestedLayer[] = [];
  const seen: { fingerprint: InputFingerprint; diffId: string }[] = [];
  try {
    const shares = await inputShares(store, paths);
    const progress = new IngestProgress(shares, (event) => store.reportProgress(event));
    progress.start();
    for (const [i, path] of paths.entries()) {
      progress.beginInput(shares[i]!);
      for await (const image of openImageSources([path], { ...options, tmpDir: store.tmpDir, onBytes: (bytes) => progress.add(bytes) })) {
        if (image.manifest) {
          const { record, layers: stored } = await storeImage(store, image, options.signal, options.describeBlobs !== false);
          const { names } = sourceNames(image, options.onWarning);
          found.push({ entry: { manifest: record.manifest, config: record.config, layers: record.layers.map((l) => l.diffId) }, names, ownNames: true, path: image.path });
          for (const l of record.layers) {
            const built = stored.find((s) => s.diffId === l.diffId && !layers.some((x) => x.diffId === l.diffId && x.stored === 'new'));
            layers.push(built ? { ...built, stored: 'new' } : { diffId: l.diffId, tarBytes: l.tarBytes, newChunks: 0, storedBytes: 0, stored: 'already' });
          }
        } else {
          // A directory or a lone layer tar: a one-layer image cairn describes itself.
          const layer = image.layers[0]!;
          // Unchanged since the last ingest (files-cache.ts): the layer is not read again.
          const fingerprint = await layer.fingerprint?.();
          const known = fingerprint && await knownLayer(store, fingerprint);
          let stats: { diffId: string; tarBytes: number };
          if (known) {
            stats = known;
            layers.push({ ...known, newChunks: 0, storedBytes: 0, stored: 'already' });
          } else {
            const built = await storeLayer(store, layer.parts(undefined, { transient: true }), { signal: options.signal, what: layer.what });
            stats = built.stats;
            const already = await store.hasLayer(stats.diffId);
            await store.putLayerRecipe(stats.diffId, built.root);
            layers.push({ ...built.stats, stored: already ? 'already' : 'new' });
          }
          if (fingerprint) seen.push({ fingerprint, diffId: stats.diffId });
          const record = await storeSingleLayerImage(store, stats, image.kind);
          const { names, namedAfterPath } = sourceNames(image);
          found.push({ entry: { manifest: record.manifest, config: record.config, layers: [stats.diffId], ...(namedAfterPath ? { namedAfterPath } : {}) }, names, ownNames: false, path: image.path });
        }
      }
      progress.endInput();
    }
    if (options.name !== undefined) {
      const own = found.filter((f) => f.ownNames);
      const extra = applyGivenName(options.name, own[0]?.path ?? paths[0]!, own);
      own.forEach((f, i) => f.names.push(...extra[i]!));
    }
    const images: IngestedImage[] = [];
    for (const { entry, names } of found) {
      if (names.length > 0) await store.setNames(names, entry.manifest);
      if (names.length === 0) images.push({ name: null, ...entry });
      for (const name of names) images.push({ name, ...entry });
    }
    const committed = await store.commit();
    // Recorded only once the ingest has landed, so a record never names a layer not committed.
    for (const { fingerprint, diffId } of seen) await rememberDiffId(store.dir, fingerprint, diffId);
    const totals = layers.reduce(
      (t, l) => ({ files: t.files + (l.files ?? 0), chunks: t.chunks + (l.chunks ?? 0), newChunks: t.newChunks + l.newChunks, storedBytes: t.storedBytes }),
      { files: 0, chunks: 0, newChunks: 0, storedBytes: committed.storedBytes },
    );
    const deltas = options.deltas ? await deltasAfterIngest(store, images, options) : undefined;
    return { images, layers, totals, ...(deltas ? { deltas } : {}) };
  } catch (error) {
    await store.abort();
    throw error;
  }
}
