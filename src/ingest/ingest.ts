/**
 * Ingest: detects what each input is by its content and drives it into the store, then
 * commits once, so that an ingest either lands whole (every pack sealed and indexed, names
 * last) or leaves nothing named. Results use the JSON form fixed in DESIGN.md.
 */
import { lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { ingestDirectoryLayer } from './directory.js';
import { storeSingleLayerImage } from './image-record.js';
import type { LayerStats } from './layer-builder.js';
import { detectArchiveKind, fileStream, ingestImageArchive } from './archive.js';
import { decompressed } from './decompress.js';
import { ingestLayerStream } from './layer-tar.js';
import { ingestOciLayout, type ImportedImage } from './oci-layout.js';

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
  const addImported = (imported: ImportedImage[]): void => {
    for (const i of imported) {
      const entry = { manifest: i.record.manifest, config: i.record.config, layers: i.record.layers.map((l) => l.diffId) };
      if (i.names.length === 0) images.push({ name: null, ...entry });
      for (const name of i.names) images.push({ name, ...entry });
      layers.push(...i.layers);
    }
  };
  try {
    for (const path of paths) {
      const info = await lstat(path).catch((cause: Error) => {
        throw new BadInputError(`cannot read ${path}: ${cause.message}`, { path, cause });
      });
      const isLayout = info.isDirectory() && (await stat(join(path, 'oci-layout')).then(() => true, () => false));
      const repository = options.name?.replace(/:[^/:]*$/, '');
      if (isLayout) {
        addImported(await ingestOciLayout(store, path, { repository, signal: options.signal }));
      } else if (info.isDirectory()) {
        const layer = await ingestDirectoryLayer(store, path, { signal: options.signal });
        for (const w of layer.warnings) options.onWarning?.(w);
        await store.putLayerRecipe(layer.stats.diffId, layer.recipe);
        const record = await storeSingleLayerImage(store, layer.stats, 'directory');
        const name = options.name ?? null;
        if (name) await store.setNames([name], record.manifest);
        images.push({ name, manifest: record.manifest, config: record.config, layers: [layer.stats.diffId] });
        layers.push(layer.stats);
      } else if (info.isFile()) {
        const kind = await detectArchiveKind(path);
        if (kind === 'layer-tar') {
          const { stream } = await decompressed(fileStream(path), path);
          const { recipe, stats } = await ingestLayerStream(store, stream, { signal: options.signal, what: path });
          await store.putLayerRecipe(stats.diffId, recipe);
          const record = await storeSingleLayerImage(store, stats, 'layer-tar');
          const name = options.name ?? null;
          if (name) await store.setNames([name], record.manifest);
          images.push({ name, manifest: record.manifest, config: record.config, layers: [stats.diffId] });
          layers.push(stats);
        } else {
          addImported(await ingestImageArchive(store, path, kind, { repository, signal: options.signal }));
        }
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
