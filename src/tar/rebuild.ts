/**
 * Rebuilding a layer tar from its recipe: framing bytes verbatim, file payloads from their
 * chunks, in order. The output's sha256 must equal the DiffID; it is computed as the bytes
 * stream out and checked at the end, so a mismatch is never silent. The chunks come through a
 * small interface that the store implements, so this module does not depend on the store.
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../errors.js';
import type { LayerRecipe } from '../recipe/index.js';

/** What rebuilding needs from a store. */
export interface ChunkSource {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  /** A chunk's bytes, unchecked (the whole stream is checked against the DiffID). */
  readChunkUnchecked(hex: string): Promise<Uint8Array>;
  /** A chunk's bytes checked against its digest: throws CorruptDataError naming chunk and pack. */
  readChunk(hex: string): Promise<Uint8Array>;
}

/** How many chunk reads run ahead of the one being written. */
const READ_AHEAD = 8;

/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. On a mismatch
 * every chunk of the layer is re-read with its own digest checked, to name the corrupt one.
 */
export async function* rebuildLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let length = 0;
  const chunkDigests: string[] = [];
  for (const segment of recipe.segments) {
    if (segment.kind === 'framing') {
      hash.update(segment.bytes);
      length += segment.bytes.length;
      yield segment.bytes;
      continue;
    }
    const fileRecipe = await source.getFileRecipe(segment.digest);
    const chunks = fileRecipe.chunks;
    const pending: Promise<Uint8Array>[] = [];
    let next = 0;
    const fill = () => {
      while (pending.length < READ_AHEAD && next < chunks.length) {
        const p = source.readChunkUnchecked(chunks[next++]!.digest);
        p.catch(() => undefined);
        pending.push(p);
      }
    };
    fill();
    for (const ref of chunks) {
      const bytes = await pending.shift()!;
      fill();
      chunkDigests.push(ref.digest);
      hash.update(bytes);
      length += bytes.length;
      yield bytes;
    }
  }
  const actual = 'sha256:' + hash.digest('hex');
  if (actual !== diffId || length !== recipe.tarLength) {
    for (const hex of chunkDigests) await source.readChunk(hex); // throws, naming the chunk and pack
    throw new CorruptDataError(`layer ${diffId} rebuilt to ${actual} (${length} bytes): the layer recipe is corrupt`, { digest: diffId });
  }
}
