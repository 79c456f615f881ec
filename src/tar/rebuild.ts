/**
 * Rebuilding a layer tar from its recipe: framing bytes verbatim, file payloads from their
 * chunks, in order. Every chunk is checked against its digest before a byte of it is yielded,
 * so a corrupt chunk never reaches the output; the output's sha256 must also equal the DiffID
 * (computed as the bytes stream out, checked at the end: it catches a corrupt recipe). The
 * chunks come through a small interface that the store implements, so this module does not depend on the store.
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../errors.js';
import type { LayerRecipe } from '../recipe/index.js';
import { readSegments } from './segment-reads.js';

/** What rebuilding needs from a store. */
export interface ChunkSource {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  /** Chunks' bytes, each checked against its digest: throws CorruptDataError naming chunk and pack. */
  readChunks(hexes: readonly string[]): Promise<Uint8Array[]>;
  /**
   * Files up to this many bytes are one chunk whose digest is the file's (none when empty): the
   * store's chunker cuts nothing smaller. Their recipes are not read, and their chunks are read
   * many files at a time. Absent: every file's recipe is read.
   */
  readonly smallFileLimit?: number;
}

/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. The recipe's
 * segments are pulled as the bytes go out, and reads run ahead (segment-reads.ts): the next
 * files' recipes and chunks are fetched while the current one is written, so layers of many
 * small files are not bound by one lookup at a time, and memory is bounded whatever the
 * layer's file count.
 */
export async function* rebuildLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let length = 0;
  const reads = { getFileRecipe: (hex: string) => source.getFileRecipe(hex), read: (hexes: readonly string[]) => source.readChunks(hexes), smallFileLimit: source.smallFileLimit };
  for await (const item of readSegments(recipe.segments, reads)) {
    for await (const bytes of 'chunks' in item ? item.chunks : [item.segment.bytes]) {
      hash.update(bytes);
      length += bytes.length;
      yield bytes;
    }
  }
  const actual = 'sha256:' + hash.digest('hex');
  if (actual !== diffId || length !== recipe.tarLength) {
    throw new CorruptDataError(`layer ${diffId} rebuilt to ${actual} (${length} bytes): the layer recipe is corrupt`, { digest: diffId });
  }
}
