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
import { LayerRecipeBuilder, type EncodedLayerPart, type LayerRecipeRoot } from '../recipe/index.js';
import { layerPieces, type LayerPart } from './layer-parts.js';

export interface LayerStats {
  diffId: string;
  tarBytes: number;
  files: number;
  chunks: number;
  newChunks: number;
  storedBytes: number;
}

/** Stores a layer given as parts; returns its recipe root and figures (after every new chunk is in a pack). */
export async function storeLayer(store: Store, parts: AsyncIterable<LayerPart>, options: { signal?: AbortSignal; what?: string } = {}): Promise<{ root: LayerRecipeRoot; stats: LayerStats }> {
  const hash = createHash('sha256');
  const builder = new LayerRecipeBuilder();
  // storedBytes of a file settles only once its chunks are in a pack: results wait here until the next drain.
  let unsettled: PutFileResult[] = [];
  let storedBytes = 0;
  const storePart = async (part: EncodedLayerPart | undefined): Promise<void> => {
    if (!part) return;
    await store.putLayerPart(part.bytes);
    await store.drain();
    for (const r of unsettled) storedBytes += r.storedBytes;
    unsettled = [];
  };
  let tarBytes = 0;
  let files = 0;
  let chunks = 0;
  let newChunks = 0;
  for await (const piece of layerPieces(parts)) {
    if (piece.kind === 'framing') {
      hash.update(piece.bytes);
      tarBytes += piece.bytes.length;
      await storePart(builder.add({ kind: 'framing', bytes: piece.bytes }));
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
    unsettled.push(result);
    await storePart(builder.add({ kind: 'file', digest: result.digest.slice(DIGEST_PREFIX.length), length: result.size }));
  }
  const { part, root } = builder.finish();
  await storePart(part);
  await store.drain();
  for (const r of unsettled) storedBytes += r.storedBytes;
  const diffId = DIGEST_PREFIX + hash.digest('hex');
  return { root, stats: { diffId, tarBytes, files, chunks, newChunks, storedBytes } };
}
