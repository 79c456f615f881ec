/**
 * Ingest: drives every image the inputs hold (sources.ts finds them by content) into the
 * store, then commits once, so that an ingest either lands whole (every pack sealed and
 * indexed, names last) or leaves nothing named. Results use the JSON form fixed in DESIGN.md.
 */
import { BadInputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { storeImage, storeSingleLayerImage } from './image-record.js';
import { storeLayer, type LayerStats } from './layer-builder.js';
import { openImageSources } from './sources.js';

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
    for await (const image of openImageSources(paths, options)) {
      if (image.manifest) {
        const { record, layers: stored } = await storeImage(store, image, options.signal);
        if (image.names.length > 0) await store.setNames(image.names, record.manifest);
        const entry = { manifest: record.manifest, config: record.config, layers: record.layers.map((l) => l.diffId) };
        if (image.names.length === 0) images.push({ name: null, ...entry });
        for (const name of image.names) images.push({ name, ...entry });
        layers.push(...stored);
      } else {
        // A directory or a lone layer tar: a one-layer image cairn describes itself.
        const layer = image.layers[0]!;
        const { root, stats } = await storeLayer(store, layer.parts(), { signal: options.signal, what: layer.what });
        await store.putLayerRecipe(stats.diffId, root);
        const record = await storeSingleLayerImage(store, stats, image.kind);
        const name = image.names[0] ?? null;
        if (name) await store.setNames([name], record.manifest);
        images.push({ name, manifest: record.manifest, config: record.config, layers: [stats.diffId] });
        layers.push(stats);
      }
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
