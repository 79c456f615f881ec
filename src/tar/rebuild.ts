/**
 * Rebuilding a layer tar from its recipe: framing bytes verbatim, file payloads from their
 * chunks, in order. The output's sha256 must equal the DiffID (computed as the bytes stream
 * out, checked at the end: it catches a corrupt recipe, and a corrupt chunk read unchecked).
 * By default every chunk is also checked against its digest before a byte of it is yielded, so
 * a corrupt chunk never reaches the output. The chunks come through a small interface that the
 * store implements, so this module does not depend on the store.
 */
import { CorruptDataError } from '../errors.js';
import type { LayerRecipe } from '../recipe/index.js';
import { sha256Sink, type Sha256Sink } from '../workers/ring-hash.js';
import { readSegments } from './segment-reads.js';

/** What rebuilding needs from a store. */
export interface ChunkSource {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  /** Chunks' bytes, each checked against its digest: throws CorruptDataError naming chunk and pack. */
  readChunks(hexes: readonly string[]): Promise<Uint8Array[]>;
  /** Chunks' bytes, not checked (the layer's DiffID checks them): see RebuildOptions.checkChunks. */
  readChunksUnchecked?(hexes: readonly string[]): Promise<Uint8Array[]>;
  /**
   * Files up to this many bytes are one chunk whose digest is the file's (none when empty): the
   * store's chunker cuts nothing smaller. Their recipes are not read, and their chunks are read
   * many files at a time. Absent: every file's recipe is read.
   */
  readonly smallFileLimit?: number;
}

export interface RebuildOptions {
  /**
   * true (the default): every chunk is checked against its digest before a byte of it is
   * yielded. false (with a source that has readChunksUnchecked): chunks are read unchecked and
   * the DiffID covers them; a layer that does not match is rebuilt again with every chunk
   * checked, yielding nothing, so that the error names a damaged chunk and its pack when that
   * is the cause (else the DiffID's error stands). The bytes of a damaged chunk may then have
   * been yielded before the error: for consumers that commit nothing before the layer ends (a
   * file renamed into place once verified). The recipe's segments are read again for that pass.
   */
  checkChunks?: boolean;
  /**
   * Pieces under SMALL_PIECE bytes (framing, small files) are copied together and yielded as
   * one piece of up to GATHER_BYTES, instead of one by one: each piece costs every async
   * generator it passes through a promise turn, which on a layer of small files costs more than
   * the copy. false: every piece as it comes (`each` sees every piece either way).
   * @default true
   */
  gather?: boolean;
  /**
   * Each piece as it comes from the recipe or the source, before any gathering, in both passes
   * (the checking pass too, whose pieces are not yielded): for a consumer that tells pieces apart
   * by identity (the bundle apply lets a rebuilt file go once the layer has it).
   */
  each?: (piece: Uint8Array) => void;
}

/** Pieces smaller than this are gathered (see RebuildOptions.gather)... */
const SMALL_PIECE = 16 * 1024;
/** ...into pieces of about this many bytes. */
const GATHER_BYTES = 128 * 1024;

/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. The recipe's
 * segments are pulled as the bytes go out, and reads run ahead (segment-reads.ts): the next
 * files' recipes and chunks are fetched while the current one is written, so layers of many
 * small files are not bound by one lookup at a time, and memory is bounded whatever the
 * layer's file count.
 */
export function rebuildLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource, options: RebuildOptions = {}): AsyncGenerator<Uint8Array> {
  return passes(recipe, diffId, source, options, false);
}

/**
 * rebuildLayer's check alone (a layer verified before its recipe is stored): every piece is
 * hashed and shown to `each`, none gathered or yielded, so that no byte is copied and no
 * promise turn is taken per piece for output nobody reads. Rejects as rebuildLayer throws.
 */
export async function checkLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource, options: Pick<RebuildOptions, 'checkChunks' | 'each'> = {}): Promise<void> {
  for await (const _ of passes(recipe, diffId, source, options, true));
}

/** rebuildLayer's passes: unchecked then, on a DiffID mismatch, checked (yielding nothing); `discard`: yield nothing at all. */
async function* passes(recipe: LayerRecipe, diffId: string, source: ChunkSource, options: RebuildOptions, discard: boolean): AsyncGenerator<Uint8Array> {
  const checked = (hexes: readonly string[]): Promise<Uint8Array[]> => source.readChunks(hexes);
  const unchecked = options.checkChunks === false ? source.readChunksUnchecked?.bind(source) : undefined;
  const how = { gather: options.gather ?? true, each: options.each, discard };
  if (!unchecked) {
    yield* rebuildPass(recipe, diffId, source, checked, how);
    return;
  }
  try {
    yield* rebuildPass(recipe, diffId, source, unchecked, how);
  } catch (error) {
    if (!(error instanceof CorruptDataError) || error.digest !== diffId) throw error;
    // Its pieces are not yielded: hashed and shown to `each` only, nothing gathered.
    for await (const _ of rebuildPass(recipe, diffId, source, checked, { ...how, discard: true }));
    throw error;
  }
}

/** One pass over the layer, its chunks read through `read`, the DiffID checked at the end. */
async function* rebuildPass(
  recipe: LayerRecipe, diffId: string, source: ChunkSource, read: (hexes: readonly string[]) => Promise<Uint8Array[]>,
  { gather, each, discard, here }: { gather: boolean; each: ((piece: Uint8Array) => void) | undefined; discard: boolean; here?: boolean },
): AsyncGenerator<Uint8Array> {
  // On another thread for a large layer (the bytes copied to it as they go), unless `here`.
  const hash = sha256Sink(here ? 0 : recipe.tarLength);
  try {
    const length = yield* hashedPass(recipe, source, read, { gather, each, discard }, hash);
    const digest = hash.digest();
    if (!digest) {
      // The hashing thread failed: the layer is read and hashed again on this thread.
      for await (const _ of rebuildPass(recipe, diffId, source, read, { gather: false, each: undefined, discard: true, here: true }));
      return;
    }
    const actual = 'sha256:' + digest.toString('hex');
    if (actual !== diffId || length !== recipe.tarLength) {
      throw new CorruptDataError(`layer ${diffId} rebuilt to ${actual} (${length} bytes): the layer recipe is corrupt`, { digest: diffId });
    }
  } finally {
    hash.close();
  }
}

/** The pass's pieces, each hashed into `hash` and yielded unless `discard`; returns how many bytes they made. */
async function* hashedPass(
  recipe: LayerRecipe, source: ChunkSource, read: (hexes: readonly string[]) => Promise<Uint8Array[]>,
  { gather, each, discard }: { gather: boolean; each: ((piece: Uint8Array) => void) | undefined; discard: boolean },
  hash: Sha256Sink,
): AsyncGenerator<Uint8Array, number> {
  let length = 0;
  // Small pieces waiting to go out as one (gather), in order: they go before any other piece.
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  const joined = (): Buffer => {
    const piece = Buffer.concat(gathered, gatheredBytes);
    gathered = [];
    gatheredBytes = 0;
    hash.update(piece);
    return piece;
  };
  const reads = { getFileRecipe: (hex: string) => source.getFileRecipe(hex), read, smallFileLimit: source.smallFileLimit };
  for await (const item of readSegments(recipe.segments, reads)) {
    const pieces = 'chunks' in item ? item.chunks : [item.segment.bytes];
    // Framing and small files come as arrays: no asynchronous iteration (a promise per piece) for them.
    if (Array.isArray(pieces)) {
      for (const bytes of pieces as Uint8Array[]) {
        each?.(bytes);
        length += bytes.length;
        if (discard) {
          hash.update(bytes);
          continue;
        }
        if (gather && bytes.length < SMALL_PIECE) {
          gathered.push(bytes);
          gatheredBytes += bytes.length;
          if (gatheredBytes >= GATHER_BYTES) yield joined();
          continue;
        }
        if (gatheredBytes > 0) yield joined();
        hash.update(bytes);
        yield bytes;
      }
      continue;
    }
    if (gatheredBytes > 0) yield joined();
    for await (const bytes of pieces) {
      each?.(bytes);
      hash.update(bytes);
      length += bytes.length;
      if (!discard) yield bytes;
    }
  }
  if (gatheredBytes > 0) yield joined();
  return length;
}
