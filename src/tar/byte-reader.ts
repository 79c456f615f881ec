/**
 * A pull-based reader over an async iterable of byte buffers, for parsers that need exact
 * amounts (a 512-byte header) and streams that want whatever is there (file data). It keeps
 * only the buffers not yet consumed, counts the absolute position in the stream, and pulls
 * from the source only when asked, so the consumer's pace is the backpressure. Buffers are
 * handed out as views where possible: the source must not reuse a buffer once yielded
 * (Node streams and ordinary generators do not).
 */
import { AbortedError } from '../errors.js';

/** Small source buffers are gathered up to this size before they are handed on... */
const COALESCE_BYTES = 64 * 1024;
/** ...and buffers of at least this size are handed on as they are (copying them together costs more than it saves). */
const VIEW_BYTES = 16 * 1024;
/** Spent buffer slots tolerated before the list is compacted. */
const COMPACT_AFTER = 1024;

/** Where tar bytes come from: a Node Readable, an async generator, or an array of buffers. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Reads a ByteSource by exact amounts or by whatever is there; see the module comment. */
export class ByteReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  readonly #signal: AbortSignal | undefined;
  /** Unconsumed buffers; those before #head are spent (kept until compacted). */
  #pieces: Uint8Array[] = [];
  #head = 0;
  #buffered = 0;
  #position = 0;
  #ended = false;

  constructor(source: ByteSource, signal?: AbortSignal) {
    if (source instanceof Uint8Array) throw new TypeError('tar source must be an iterable of Uint8Array buffers, not one buffer: pass [bytes]');
    const asyncFactory = (source as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator];
    const syncFactory = (source as Partial<Iterable<Uint8Array>>)[Symbol.iterator];
    if (typeof asyncFactory === 'function') {
      this.#iterator = asyncFactory.call(source);
    } else if (typeof syncFactory === 'function') {
      const iterator: Iterator<Uint8Array> = syncFactory.call(source);
      this.#iterator = {
        next: async () => iterator.next(),
        return: async () => iterator.return?.() ?? { done: true, value: undefined },
      };
    } else {
      throw new TypeError('tar source must be an async iterable (or iterable) of Uint8Array');
    }
    this.#signal = signal;
  }

  /** Offset in the stream of the next byte not yet taken. */
  get position(): number {
    return this.#position;
  }

  /** Bytes pulled from the source and not yet taken. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Pulls one buffer; false at the end of the source. */
  async #pull(): Promise<boolean> {
    if (this.#ended) return false;
    if (this.#signal?.aborted) throw new AbortedError(this.#signal.reason);
    const next = await this.#iterator.next();
    if (next.done) {
      this.#ended = true;
      return false;
    }
    const value = next.value as unknown;
    if (!(value instanceof Uint8Array)) throw new TypeError('tar source yielded something other than a Uint8Array');
    if (value.length > 0) {
      this.#pieces.push(value);
      this.#buffered += value.length;
    }
    return true;
  }

  /** Pulls until at least n bytes are buffered; false when the source ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.#buffered < n) {
      if (!(await this.#pull())) return false;
    }
    return true;
  }

  /** Removes and returns the next n buffered bytes (n ≤ buffered): a view when they lie in one buffer, else a copy. */
  take(n: number): Uint8Array {
    if (n > this.#buffered) throw new RangeError(`take(${n}) with ${this.#buffered} bytes buffered`);
    this.#buffered -= n;
    this.#position += n;
    const first = this.#pieces[this.#head];
    if (n === 0 || first === undefined) return new Uint8Array(0);
    if (first.length >= n) {
      this.#consumeFront(first, n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.#pieces[this.#head]!;
      const count = Math.min(piece.length, n - filled);
      out.set(piece.subarray(0, count), filled);
      filled += count;
      this.#consumeFront(piece, count);
    }
    return out;
  }

  #consumeFront(piece: Uint8Array, count: number): void {
    if (count < piece.length) {
      this.#pieces[this.#head] = piece.subarray(count);
      return;
    }
    this.#head++;
    if (this.#head === this.#pieces.length) {
      this.#pieces = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#pieces.length) {
      // Drop spent entries once they are the majority: amortised constant time per buffer.
      this.#pieces = this.#pieces.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * Up to `max` bytes (at least one); undefined at the end of the source. A view of one
   * source buffer when that buffer holds at least VIEW_BYTES (or `max`); smaller buffers
   * are gathered into one copy of up to COALESCE_BYTES, so that a source yielding tiny
   * pieces does not make every consumer downstream loop per byte. Only bytes within `max`
   * are waited for.
   */
  async readSome(max: number): Promise<Uint8Array | undefined> {
    const want = Math.min(max, COALESCE_BYTES);
    const whole = Math.min(want, VIEW_BYTES);
    await this.fill(whole);
    if (this.#buffered === 0) return undefined;
    if (this.#pieces[this.#head]!.length >= whole) return this.take(Math.min(max, this.#pieces[this.#head]!.length));
    await this.fill(want);
    return this.take(Math.min(want, this.#buffered));
  }

  /** Discards up to n bytes; returns how many were discarded (fewer only at the end of the source). */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      const piece = await this.readSome(n - skipped);
      if (piece === undefined) break;
      skipped += piece.length;
    }
    return skipped;
  }

  /** Releases the source (its iterator's `return`), e.g. when the consumer stops early. */
  async close(): Promise<void> {
    this.#pieces = [];
    this.#head = 0;
    this.#buffered = 0;
    if (this.#ended) return;
    this.#ended = true;
    await this.#iterator.return?.();
  }
}
