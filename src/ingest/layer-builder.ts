/**
 * Stores one layer while its parts go by: framing runs are kept verbatim in the layer recipe,
 * files (payloads, and framing runs too long to keep inline; see layer-parts.ts) are chunked
 * into the store, and the DiffID (sha256 of the whole tar) is computed on the way. The recipe
 * is written part by part as it fills (recipe/layer-stream.ts), so memory stays bounded
 * whatever the layer's file count. Uncommitted: the caller stores the root (putLayerRecipe)
 * and commits with the image.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { DIGEST_PREFIX } from '../digest.js';
import type { Store, PutFileResult } from '../store/index.js';
import { LayerRecipeBuilder, type EncodedLayerPart, type LayerRecipeRoot, type LayerSegment } from '../recipe/index.js';
import { layerPieces, type LayerPart } from './layer-parts.js';

export interface LayerStats {
  diffId: string;
  tarBytes: number;
  files: number;
  chunks: number;
  newChunks: number;
  storedBytes: number;
}

/** Files up to this size are read whole and stored while the next ones are read. */
const SMALL_FILE = 64 * 1024;
/** Files being stored at once, at most (small files; a large one is stored as it streams). */
const FILES_IN_FLIGHT = 32;

/** A segment of the recipe in tar order, and for a file what storing it cost. */
interface Stored {
  segment: LayerSegment;
  result?: PutFileResult;
}

/**
 * Stores a layer given as parts; returns its recipe root and figures (after every new chunk is
 * in a pack). Small files are stored a few at a time (each waits on index lookups), their
 * segments added to the recipe in tar order; memory stays bounded by FILES_IN_FLIGHT small
 * files and a recipe part.
 */
export async function storeLayer(store: Store, parts: AsyncIterable<LayerPart>, options: { signal?: AbortSignal; what?: string } = {}): Promise<{ root: LayerRecipeRoot; stats: LayerStats }> {
  const what = options.what ?? 'layer';
  const hash = createHash('sha256');
  const builder = new LayerRecipeBuilder();
  const stats = { tarBytes: 0, files: 0, chunks: 0, newChunks: 0, storedBytes: 0 };
  // storedBytes of a file settles only once its chunks are in a pack: results wait here until the next drain.
  let unsettled: PutFileResult[] = [];
  const settle = async (): Promise<void> => {
    await store.drain();
    for (const r of unsettled) stats.storedBytes += r.storedBytes;
    unsettled = [];
  };
  const storePart = async (part: EncodedLayerPart | undefined): Promise<void> => {
    if (!part) return;
    await store.putLayerPart(part.bytes);
    await settle();
  };
  const inFlight: Promise<Stored>[] = [];
  const add = async (stored: Stored): Promise<void> => {
    if (stored.result) {
      stats.chunks += stored.result.chunks;
      stats.newChunks += stored.result.newChunks;
      unsettled.push(stored.result);
    }
    await storePart(builder.add(stored.segment));
  };
  const push = async (stored: Promise<Stored>): Promise<void> => {
    stored.catch(() => undefined); // awaited in turn; this only keeps a failure from going unhandled meanwhile
    inFlight.push(stored);
    while (inFlight.length > FILES_IN_FLIGHT) await add(await inFlight.shift()!);
  };
  const fileSegment = (result: PutFileResult): Stored => ({
    segment: { kind: 'file', digest: result.digest.slice(DIGEST_PREFIX.length), length: result.size },
    result,
  });
  const checkLength = (seen: number, expected: number): void => {
    // Sources check their own lengths; this guards the recipe against one that does not.
    if (seen !== expected) throw new BadInputError(`${what}: a file gave ${seen} bytes where its header says ${expected}`);
  };
  try {
    await storePieces();
  } catch (error) {
    // Files still being stored finish (or fail) before the caller aborts the store's writes.
    await Promise.allSettled(inFlight);
    throw error;
  }
  const { part, root } = builder.finish();
  await storePart(part);
  await settle();
  const diffId = DIGEST_PREFIX + hash.digest('hex');
  return { root, stats: { diffId, ...stats } };

  async function storePieces(): Promise<void> {
    for await (const piece of layerPieces(parts)) {
      if (piece.kind === 'framing') {
        hash.update(piece.bytes);
        stats.tarBytes += piece.bytes.length;
        await push(Promise.resolve({ segment: { kind: 'framing', bytes: piece.bytes } }));
        continue;
      }
      stats.tarBytes += piece.length;
      if (!piece.spilled) stats.files++;
      if (piece.length <= SMALL_FILE) {
        const pieces: Uint8Array[] = [];
        let seen = 0;
        for await (const bytes of piece.data) {
          hash.update(bytes);
          seen += bytes.length;
          pieces.push(bytes);
        }
        checkLength(seen, piece.length);
        // A copy: views would keep the source's (larger) read buffers alive while the file waits.
        const data = seen > 0 ? [Buffer.concat(pieces, seen)] : [];
        await push(store.putFileUncommitted(data, { signal: options.signal }).then(fileSegment));
        continue;
      }
      let seen = 0;
      const source = piece.data;
      async function* tap(): AsyncGenerator<Uint8Array> {
        for await (const bytes of source) {
          hash.update(bytes);
          seen += bytes.length;
          yield bytes;
        }
      }
      const result = await store.putFileUncommitted(tap(), { signal: options.signal });
      checkLength(seen, piece.length);
      await push(Promise.resolve(fileSegment(result)));
    }
    while (inFlight.length > 0) await add(await inFlight.shift()!);
  }
}
