/**
 * Ingest: detects what each input is by its content and drives it into the store, then
 * commits once, so that an ingest either lands whole (every pack sealed and indexed, names
 * last) or leaves nothing named. Results use the JSON form fixed in DESIGN.md.
 */
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { BadInputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { ingestDirectoryLayer } from './directory.js';
import { storeSingleLayerImage } from './image-record.js';
import type { LayerStats } from './layer-builder.js';

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

/** Ingests paths (directories now; archives by content) and commits. */
export async function ingest(store: Store, paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  if (paths.length === 0) throw new BadInputError('nothing to ingest: give at least one path');
  if (options.name !== undefined && paths.length > 1) throw new BadInputError('--name applies to a single input; give one path');
  const images: IngestedImage[] = [];
  const layers: LayerStats[] = [];
  try {
    for (const path of paths) {
      const info = await lstat(path).catch((cause: Error) => {
        throw new BadInputError(`cannot read ${path}: ${cause.message}`, { path, cause });
      });
      if (info.isDirectory()) {
        const layer = await ingestDirectoryLayer(store, path, { signal: options.signal });
        for (const w of layer.warnings) options.onWarning?.(w);
        await store.putLayerRecipe(layer.stats.diffId, layer.recipe);
        const record = await storeSingleLayerImage(store, layer.stats, 'directory');
        const name = options.name ?? null;
        if (name) await store.setNames([name], record.manifest);
        images.push({ name, manifest: record.manifest, config: record.config, layers: [layer.stats.diffId] });
        layers.push(layer.stats);
      } else if (info.isFile()) {
        throw new BadInputError(`${basename(path)}: image archives and layer tars are not supported yet; give a directory`, { path });
      } else {
        throw new BadInputError(`not a file or directory: ${path}`, { path });
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
