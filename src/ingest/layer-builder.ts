/**
 * Stores one layer while its parts go by: framing runs are kept verbatim in the layer recipe,
 * files (payloads, and framing runs too long to keep inline; see layer-parts.ts) are chunked
 * into the store, and the DiffID (sha256 of the whole tar) is computed on the way. Uncommitted:
 * the caller commits with the image.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { DIGEST_PREFIX } from '../digest.js';
import type { Store, PutFileResult } from '../store/index.js';
import type { LayerRecipe, LayerSegment } from '../recipe/index.js';
import { layerPieces, type LayerPart } from './layer-parts.js';

export interface LayerStats {
  diffId: string;
  tarBytes: number;
  files: number;
  chunks: number;
  newChunks: number;
  storedBytes: number;
}

/** Stores a layer given as parts; returns its recipe and figures (after every new chunk is in a pack). */
export async function storeLayer(store: Store, parts: AsyncIterable<LayerPart>, options: { signal?: AbortSignal; what?: string } = {}): Promise<{ recipe: LayerRecipe; stats: LayerStats }> {
  const hash = createHash('sha256');
  const segments: LayerSegment[] = [];
  // storedBytes of each file settles only once the store has drained.
  const results: PutFileResult[] = [];
  let tarBytes = 0;
  let files = 0;
  let chunks = 0;
  let newChunks = 0;
  for await (const piece of layerPieces(parts)) {
    if (piece.kind === 'framing') {
      hash.update(piece.bytes);
      tarBytes += piece.bytes.length;
      segments.push({ kind: 'framing', bytes: piece.bytes });
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
    if (seen !== piece.length) {
      // Sources check their own lengths; this guards the recipe against one that does not.
      throw new BadInputError(`${options.what ?? 'layer'}: a file gave ${seen} bytes where its header says ${piece.length}`);
    }
    tarBytes += result.size;
    if (!piece.spilled) files++;
    chunks += result.chunks;
    newChunks += result.newChunks;
    results.push(result);
    segments.push({ kind: 'file', digest: result.digest.slice(DIGEST_PREFIX.length), length: result.size });
  }
  await store.drain();
  const storedBytes = results.reduce((sum, r) => sum + r.storedBytes, 0);
  const diffId = DIGEST_PREFIX + hash.digest('hex');
  return {
    recipe: { tarLength: tarBytes, segments },
    stats: { diffId, tarBytes, files, chunks, newChunks, storedBytes },
  };
}
