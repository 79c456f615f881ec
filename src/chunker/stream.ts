/**
 * Chunking a stream: turns an async iterable of buffers into an async iterable of chunks
 * with their bytes. Only the current chunk's bytes are held (at most `max`, plus the input
 * buffer being cut), so memory stays bounded whatever the file size. Work happens only as
 * the consumer pulls, so the consumer's pace is the backpressure.
 */
import { createChunker, type Chunker, type Cut } from './chunker.js';
import type { ChunkerOptions, ChunkerParams } from './params.js';

/** A chunk of a file: `bytes` may be a view into an input buffer; copy it to keep it. */
export interface Chunk {
  readonly offset: number;
  readonly length: number;
  readonly bytes: Uint8Array;
}

/** Pieces of input not yet handed out as chunks (views of the input buffers, not copies). */
export class PendingBytes {
  #pieces: Uint8Array[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  append(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.#pieces.push(piece);
    this.#length += piece.length;
  }

  /**
   * Copies what is pending into one buffer of its own, so that none of it is a view of an input
   * buffer any more (whose owner may then fill it again).
   */
  own(): void {
    if (this.#length === 0) return;
    const owned = new Uint8Array(this.#length);
    let at = 0;
    for (const piece of this.#pieces) {
      owned.set(piece, at);
      at += piece.length;
    }
    this.#pieces = [owned];
  }

  /** Drops everything pending. */
  clear(): void {
    this.#pieces = [];
    this.#length = 0;
  }

  /** Removes and returns the first n bytes, contiguous (a view when they lie in one piece). */
  take(n: number): Uint8Array {
    const first = this.#pieces[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.#pieces.shift();
      else this.#pieces[0] = first.subarray(n);
      this.#length -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.#pieces[0]!;
      const want = n - filled;
      if (piece.length <= want) {
        out.set(piece, filled);
        filled += piece.length;
        this.#pieces.shift();
      } else {
        out.set(piece.subarray(0, want), filled);
        this.#pieces[0] = piece.subarray(want);
        filled = n;
      }
    }
    this.#length -= n;
    return out;
  }
}

/**
 * For a source that fills the same memory again once asked for its next buffer: the chunks of
 * a buffer are views of it, valid until the next is read. Before reading it, the pending tail
 * is copied and `beforeNext` is awaited (the consumer lets go of every view it holds).
 */
export interface TransientSource {
  beforeNext: () => Promise<void>;
}

/** Chunks one file read from `source`. */
export async function* readChunks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ChunkerOptions | ChunkerParams | Chunker = {},
  transient?: TransientSource,
): AsyncGenerator<Chunk> {
  const chunker = 'push' in options ? options : createChunker(options);
  const pending = new PendingBytes();
  let chunkStart = 0;
  function* emit(cuts: Cut[]): Generator<Chunk> {
    for (const cut of cuts) {
      const length = cut.end - chunkStart;
      const bytes = pending.take(length);
      yield { offset: chunkStart, length, bytes };
      chunkStart = cut.end;
    }
  }
  try {
    for await (const buffer of source) {
      pending.append(buffer);
      yield* emit(chunker.push(buffer));
      if (transient) {
        pending.own();
        await transient.beforeNext();
      }
    }
    yield* emit(chunker.finish());
  } finally {
    chunker.reset();
  }
}
