/**
 * A deflate compressor that makes the streams of Go's `compress/flate` (and so `compress/gzip`,
 * which builds most image layers in registries) at levels 2-9, byte for byte: its hash chains
 * (4-byte hashes into 2^17 heads over a 64 KiB window), its lazy matching at levels 4-9 and
 * greedy matching with skipped hashing at 2-3, its matches of at least 4 bytes, blocks of at
 * most 16,384 tokens, and its end: the last data block is not final, an empty stored block is.
 * Its output does not depend on how the input is cut into writes (a block ends only at its
 * token limit or at the end; a property test cuts inputs at random), so it can be fed in pieces
 * of any size. One corner may depend on it, in Go as here: the moment the window slides decides
 * whether a block over 32 KiB long may still be stored whole, which only matters for a block
 * that does not compress. A blob made in that corner fails its confirmation: it is then "not
 * reproduced", never rebuilt wrong. The block writer is in
 * go-block-writer.ts. Level 1 is another algorithm (go-fast.ts); level 0 is stored blocks, which
 * stored.ts describes whatever made them.
 */
import { GoFastDeflater } from './go-fast.js';
import { GoBlockWriter, MATCH } from './go-block-writer.js';

const WINDOW = 1 << 15;
const WINDOW_MASK = WINDOW - 1;
const MIN_MATCH = 4;
const MAX_MATCH = 258;
const BLOCK_TOKENS = 1 << 14;
const HASH_BITS = 17;
const HASH_MASK = (1 << HASH_BITS) - 1;
const MAX_HASH_OFFSET = 1 << 24;
const SKIP_NEVER = 0x7fffffff;

/** good, lazy, nice, chain, fastSkipHashing: Go's table for levels 2-9. */
const LEVELS: Record<number, readonly [number, number, number, number, number]> = {
  2: [4, 0, 16, 8, 5],
  3: [4, 0, 32, 32, 6],
  4: [4, 4, 16, 16, SKIP_NEVER],
  5: [8, 16, 32, 32, SKIP_NEVER],
  6: [8, 16, 128, 128, SKIP_NEVER],
  7: [8, 32, 128, 256, SKIP_NEVER],
  8: [32, 128, 258, 1024, SKIP_NEVER],
  9: [32, 258, 258, 4096, SKIP_NEVER],
};

/** Go's levels cairn makes: 1 (go-fast.ts) and 2-9 (here). */
export const GO_LEVELS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** A Go compressor at any of GO_LEVELS. */
export interface GoCompressor {
  write(input: Uint8Array): void;
  /** Hands on the output's whole bytes so far, without changing the stream. */
  drain(): void;
  close(): void;
}

export function goCompressor(level: number, onData: (piece: Uint8Array) => void): GoCompressor {
  return level === 1 ? new GoFastDeflater(onData) : new GoDeflater(level, onData);
}

const hash4 = (w: Uint8Array, i: number): number => Math.imul((w[i + 3]! | (w[i + 2]! << 8) | (w[i + 1]! << 16) | (w[i]! << 24)) >>> 0, 0x1e35a7bd) >>> (32 - HASH_BITS);

/** Go's compressor at one level; write() any number of times, then close(). */
export class GoDeflater implements GoCompressor {
  readonly #good: number;
  readonly #lazy: number;
  readonly #nice: number;
  readonly #chain: number;
  readonly #skip: number;
  readonly #out: GoBlockWriter;
  readonly #window = new Uint8Array(2 * WINDOW);
  readonly #hashHead = new Uint32Array(1 << HASH_BITS);
  readonly #hashPrev = new Uint32Array(WINDOW);
  readonly #tokens = new Uint32Array(BLOCK_TOKENS + 1);
  #count = 0;
  #hashOffset = 1;
  #chainHead = -1;
  #index = 0;
  #windowEnd = 0;
  #blockStart = 0;
  #byteAvailable = false;
  #length = MIN_MATCH - 1;
  #offset = 0;
  #maxInsertIndex = 0;
  #sync = false;

  constructor(level: number, onData: (piece: Uint8Array) => void) {
    const settings = LEVELS[level];
    if (!settings) throw new RangeError(`Go's flate levels made here are 2-9, not ${level}`);
    [this.#good, this.#lazy, this.#nice, this.#chain, this.#skip] = settings;
    this.#out = new GoBlockWriter(onData);
  }

  write(input: Uint8Array): void {
    let at = 0;
    while (at < input.length) {
      this.#deflate();
      at += this.#fill(input.subarray(at));
    }
  }

  /** Hands on the output's whole bytes so far, without changing the stream (a prefix of it, whatever follows). */
  drain(): void {
    this.#out.drain();
  }

  /** Compresses what is left and ends the stream. */
  close(): void {
    this.#sync = true;
    this.#deflate();
    this.#out.close();
  }

  #fill(b: Uint8Array): number {
    if (this.#index >= 2 * WINDOW - (MIN_MATCH + MAX_MATCH)) {
      this.#window.copyWithin(0, WINDOW, 2 * WINDOW);
      this.#index -= WINDOW;
      this.#windowEnd -= WINDOW;
      this.#blockStart = this.#blockStart >= WINDOW ? this.#blockStart - WINDOW : 0x7fffffff;
      this.#hashOffset += WINDOW;
      if (this.#hashOffset > MAX_HASH_OFFSET) {
        const delta = this.#hashOffset - 1;
        this.#hashOffset -= delta;
        this.#chainHead -= delta;
        for (const table of [this.#hashPrev, this.#hashHead]) for (let i = 0; i < table.length; i++) table[i] = table[i]! > delta ? table[i]! - delta : 0;
      }
    }
    const n = Math.min(b.length, this.#window.length - this.#windowEnd);
    this.#window.set(b.subarray(0, n), this.#windowEnd);
    this.#windowEnd += n;
    return n;
  }

  #writeBlock(index: number): void {
    if (index <= 0) return;
    const input = this.#blockStart <= index ? this.#window.subarray(this.#blockStart, index) : undefined;
    this.#blockStart = index;
    this.#out.block(this.#tokens, this.#count, input);
    this.#count = 0;
  }

  /** Inserts positions [from, to) into the hash chains, in order (a rolling 4-byte value). */
  #insertRun(from: number, to: number): void {
    if (from >= to) return;
    const w = this.#window;
    const head = this.#hashHead;
    const prev = this.#hashPrev;
    const offset = this.#hashOffset;
    let v = (w[from]! << 16) | (w[from + 1]! << 8) | w[from + 2]!;
    for (let i = from; i < to; i++) {
      v = ((v << 8) | w[i + 3]!) >>> 0;
      const h = (Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_BITS)) & HASH_MASK;
      prev[i & WINDOW_MASK] = head[h]!;
      head[h] = i + offset;
    }
  }

  /** The match #findMatch found: its length (0: none) and distance. */
  #foundLength = 0;
  #foundOffset = 0;

  /** Go's findMatch: the longest match at `pos` along the chain from `prevHead`, into #foundLength and #foundOffset (length 0: none). */
  #findMatch(pos: number, prevHead: number, prevLength: number, lookahead: number): void {
    const w = this.#window;
    const minMatchLook = Math.min(MAX_MATCH, lookahead);
    const nice = Math.min(this.#nice, minMatchLook);
    let tries = this.#chain;
    let length = prevLength;
    if (length >= this.#good) tries >>= 2;
    let wEnd = w[pos + length]!;
    const minIndex = pos - WINDOW;
    const hashPrev = this.#hashPrev;
    const hashOffset = this.#hashOffset;
    this.#foundLength = 0;
    for (let i = prevHead; tries > 0; tries--) {
      if (wEnd === w[i + length]) {
        let n = 0;
        while (n < minMatchLook && w[i + n] === w[pos + n]) n++;
        if (n > length && (n > MIN_MATCH || pos - i <= 4096)) {
          length = n;
          this.#foundLength = n;
          this.#foundOffset = pos - i;
          if (n >= nice) break;
          wEnd = w[pos + n]!;
        }
      }
      if (i === minIndex) break;
      i = hashPrev[i & WINDOW_MASK]! - hashOffset;
      if (i < minIndex || i < 0) break;
    }
  }

  #deflate(): void {
    if (this.#windowEnd - this.#index < MIN_MATCH + MAX_MATCH && !this.#sync) return;
    const w = this.#window;
    const skip = this.#skip;
    const lazyMode = skip === SKIP_NEVER;
    this.#maxInsertIndex = this.#windowEnd - (MIN_MATCH - 1);
    for (;;) {
      const lookahead = this.#windowEnd - this.#index;
      if (lookahead < MIN_MATCH + MAX_MATCH) {
        if (!this.#sync) return;
        if (lookahead === 0) {
          if (this.#byteAvailable) {
            this.#tokens[this.#count++] = w[this.#index - 1]!;
            this.#byteAvailable = false;
          }
          if (this.#count > 0) this.#writeBlock(this.#index);
          return;
        }
      }
      if (this.#index < this.#maxInsertIndex) {
        const h = hash4(w, this.#index) & HASH_MASK;
        this.#chainHead = this.#hashHead[h]!;
        this.#hashPrev[this.#index & WINDOW_MASK] = this.#chainHead;
        this.#hashHead[h] = this.#index + this.#hashOffset;
      }
      const prevLength = this.#length;
      const prevOffset = this.#offset;
      this.#length = MIN_MATCH - 1;
      this.#offset = 0;
      const minIndex = Math.max(this.#index - WINDOW, 0);
      if (this.#chainHead - this.#hashOffset >= minIndex && ((!lazyMode && lookahead > MIN_MATCH - 1) || (lazyMode && lookahead > prevLength && prevLength < this.#lazy))) {
        this.#findMatch(this.#index, this.#chainHead - this.#hashOffset, MIN_MATCH - 1, lookahead);
        if (this.#foundLength > 0) {
          this.#length = this.#foundLength;
          this.#offset = this.#foundOffset;
        }
      }
      if ((!lazyMode && this.#length >= MIN_MATCH) || (lazyMode && prevLength >= MIN_MATCH && this.#length <= prevLength)) {
        const length = lazyMode ? prevLength : this.#length;
        const offset = lazyMode ? prevOffset : this.#offset;
        this.#tokens[this.#count++] = MATCH + ((length - 3) << 22) + (offset - 1);
        if (this.#length <= skip) {
          const newIndex = lazyMode ? this.#index + prevLength - 1 : this.#index + this.#length;
          this.#insertRun(this.#index + 1, Math.min(newIndex, this.#maxInsertIndex));
          this.#index = newIndex;
          if (lazyMode) {
            this.#byteAvailable = false;
            this.#length = MIN_MATCH - 1;
          }
        } else {
          this.#index += this.#length;
        }
        if (this.#count === BLOCK_TOKENS) this.#writeBlock(this.#index);
      } else {
        if (!lazyMode || this.#byteAvailable) {
          const i = lazyMode ? this.#index - 1 : this.#index;
          this.#tokens[this.#count++] = w[i]!;
          if (this.#count === BLOCK_TOKENS) this.#writeBlock(i + 1);
        }
        this.#index++;
        if (lazyMode) this.#byteAvailable = true;
      }
    }
  }
}

/** The raw deflate stream Go's compress/flate makes of `input` at `level` (1-9). */
export function goDeflate(level: number, input: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const d = goCompressor(level, (piece) => parts.push(piece));
  d.write(input);
  d.close();
  return Buffer.concat(parts);
}
