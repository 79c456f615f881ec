/**
 * Ingest: drives every image the inputs hold (sources.ts finds them by content) into the
 * store, then commits once, so that an ingest either lands whole (every pack sealed and
 * indexed, names last) or leaves nothing named. Results use the JSON form fixed in DESIGN.md.
 */
import { BadInputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { storeImage, storeSingleLayerImage } from './image-record.js';
import { storeLayer, type LayerStats } from './layer-builder.js';
import { IngestProgress, inputShares } from './progress.js';
import { openImageSources, type ImageSource } from './sources.js';

export interface IngestOptions {
  /** Name for an image made from a directory or a lone layer tar. */
  name?: string;
  signal?: AbortSignal;
  /** Things skipped or not kept (sockets, unreadable xattrs); the ingest goes on. */
  onWarning?: (message: string) => void;
}

export interface IngestedImage {
  name: string | null;
  manifest: string;
  config: string;
  layers: string[];
}

export interface IngestResult {
  images: IngestedImage[];
  layers: LayerStats[];
  totals: { files: number; chunks: number; newChunks: number; storedBytes: number };
}

/**
 * Ingests paths and commits. Each path is recognised by content: an OCI layout directory (it
 * has an oci-layout file), any other directory (a one-layer image of its tree), an OCI archive
 * or docker-archive (a tar holding oci-layout or manifest.json), or a layer tar (plain, gzip or
 * zstd; a one-layer image named by --name).
 */
export async function ingest(store: Store, paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  if (paths.length === 0) throw new BadInputError('nothing to ingest: give at least one path');
  if (options.name !== undefined && paths.length > 1) throw new BadInputError('--name applies to a single input; give one path');
  const images: IngestedImage[] = [];
  const layers: LayerStats[] = [];
  try {
    const shares = await inputShares(store, paths);
    const progress = new IngestProgress(shares, (event) => store.reportProgress(event));
    progress.start();
    for (const [i, path] of paths.entries()) {
      progress.beginInput(shares[i]!);
      for await (const image of openImageSources([path], { ...options, onBytes: (bytes) => progress.add(bytes) })) {
        const stored = await storeOne(store, image, options.signal);
        images.push(...stored.images);
        layers.push(...stored.layers);
      }
      progress.endInput();
    }
    const committed = await store.commit();
    const totals = layers.reduce(
      (t, l) => ({ files: t.files + l.files, chunks: t.chunks + l.chunks, newChunks: t.newChunks + l.newChunks, storedBytes: t.storedBytes }),
      { files: 0, chunks: 0, newChunks: 0, storedBytes: committed.storedBytes },
    );
    return { images, layers, totals };
  } catch (error) {
    await store.abort();
    throw error;
  }
}

/** Stores one image (uncommitted) and names it; returns its entries and the layers it stored. */
async function storeOne(store: Store, image: ImageSource, signal: AbortSignal | undefined): Promise<{ images: IngestedImage[]; layers: LayerStats[] }> {
  if (image.manifest) {
    const { record, layers } = await storeImage(store, image, signal);
    if (image.names.length > 0) await store.setNames(image.names, record.manifest);
    const entry = { manifest: record.manifest, config: record.config, layers: record.layers.map((l) => l.diffId) };
    const images = image.names.length === 0 ? [{ name: null, ...entry }] : image.names.map((name) => ({ name, ...entry }));
    return { images, layers };
  }
  // A directory or a lone layer tar: a one-layer image cairn describes itself.
  const layer = image.layers[0]!;
  const { recipe, stats } = await storeLayer(store, layer.parts(), { signal, what: layer.what });
  await store.putLayerRecipe(stats.diffId, recipe);
  const record = await storeSingleLayerImage(store, stats, image.kind);
  const name = image.names[0] ?? null;
  if (name) await store.setNames([name], record.manifest);
  return { images: [{ name, manifest: record.manifest, config: record.config, layers: [stats.diffId] }], layers: [stats] };
}
