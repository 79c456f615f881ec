/**
 * A layer's tar written to a new file by the writer thread (worker.ts), for `cairn export layer
 * -o`. This thread walks the layer recipe and locates the chunks (one index lookup per batch
 * of files, read ahead as tar/rebuild.ts reads them); the writer reads each chunk record from
 * its pack into a buffer it reuses, decompresses it into another, adds it to the layer's hash
 * and writes it at its place in the file, the framing too. No byte of file data passes through
 * this thread, and none lands in fresh memory: rebuilding the tar here and writing it, as the
 * stream path does, decompressed every chunk into a new buffer (a page fault per 4 KiB).
 *
 * The layer's DiffID is checked before this resolves; a layer that does not match is read again
 * with every chunk checked, so that the error names a damaged chunk and its pack when that is
 * the cause. On any failure the file is removed.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { CorruptDataError } from '../errors.js';
import type { LocatedChunk, Store, StoredChunk } from '../store/index.js';
import { checkLayer } from '../tar/index.js';
import { readSegments } from '../tar/segment-reads.js';
import { DiskBatches, chunkLength } from './batches.js';

/** The file's descriptor number in the writer (its only file). */
const FILE = 0;
const FILE_MODE = 0o644;

export interface LayerFileOptions {
  /** Bytes of the tar handed to the writer so far, out of `total`. */
  onProgress?: (event: { done: number; total: number }) => void;
  /** Write on this thread instead of a worker thread. @default true on a machine with one core */
  inline?: boolean;
}

/**
 * Writes the tar of a stored layer (by DiffID or a unique prefix of one) to `path`, which must
 * not exist (it is created with O_EXCL: an existing file is an error, left as it is), and
 * checks its DiffID; returns its length. On any later failure the file is removed, and a layer that does not match its DiffID fails with CorruptDataError
 * naming the damaged chunk and its pack when that is the cause.
 */
export async function writeLayerTar(store: Store, layer: string, path: string, options: LayerFileOptions = {}): Promise<number> {
  const diffId = await store.resolveLayer(layer);
  const recipe = await store.getLayerRecipe(diffId);
  const total = recipe.tarLength;
  // Made here, so that only a file this call made is removed on failure (never one that was there).
  closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE));
  const batches = new DiskBatches({ what: 'layer export', inline: options.inline });
  let position = 0;
  const advance = (bytes: number): void => {
    position += bytes;
    options.onProgress?.({ done: position, total });
  };
  try {
    await batches.queue({ op: 'open', file: FILE, path: Buffer.from(path, 'utf8').toString('latin1'), mode: FILE_MODE, existing: true });
    const reads = {
      getFileRecipe: (hex: string) => store.getFileRecipe(hex),
      read: (hexes: readonly string[]) => store.locateChunks(hexes),
      smallFileLimit: store.smallFileLimit,
    };
    for await (const item of readSegments<LocatedChunk | StoredChunk>(recipe.segments, reads)) {
      if (!('chunks' in item)) {
        const bytes = item.segment.bytes;
        const at = position;
        await batches.carry(bytes, (offset) => ({ op: 'write', file: FILE, offset, length: bytes.length, position: at, hash: true }));
        advance(bytes.length);
        continue;
      }
      for await (const chunk of item.chunks) {
        await batches.chunk(FILE, position, chunk);
        advance(chunkLength(chunk));
      }
    }
    await batches.queue({ op: 'end-layer', diffId, length: total });
    await batches.queue({ op: 'close', file: FILE });
    await batches.settle();
    return position;
  } catch (error) {
    await batches.close();
    await rm(path, { force: true });
    if (error instanceof CorruptDataError && error.digest === diffId) {
      // Name a damaged chunk if one is the cause (this pass checks each; it yields nothing here).
      await checkLayer(recipe, diffId, store, { checkChunks: true });
    }
    throw error;
  } finally {
    await batches.close();
  }
}
