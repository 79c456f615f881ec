/**
 * Go's compress/flate at level 1 (`BestSpeed`), byte for byte: a Snappy-style matcher over blocks of 65,535 input bytes, one
 * 2^14-entry table of (4 bytes, position) that lives across blocks, and matches that may reach
 * into the previous block. Each block is coded as literals only when matching removed less
 * than a sixteenth of it, else with dynamic codes, and stored when that is not smaller by a
 * sixteenth (go-block-writer.ts). Written from Go 1.19's behaviour; the known answers in
 * test/unit/deflate/go-vectors come from Go itself.
 */
import { GoBlockWriter, MATCH } from './go-block-writer.js';

const BLOCK = 65535;
const TABLE_BITS = 14;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const MAX_MATCH = 258;
const MAX_OFFSET = 1 << 15;
const INPUT_MARGIN = 15;
const MIN_NON_LITERAL_BLOCK = 17;
/** Positions are rebased once they pass this (Go's int32 counters). */
const BUFFER_RESET = 0x7fffffff - 2 * BLOCK;

const load32 = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const hash = (u: number): number => Math.imul(u, 0x1e35a7bd) >>> (32 - TABLE_BITS);

/** Go's level-1 compressor; write() any number of times, then close(). */
export class GoFastDeflater {
  readonly #out: GoBlockWriter;
  readonly #window = new Uint8Array(BLOCK);
  #windowEnd = 0;
  readonly #tokens = new Uint32Array(BLOCK + 1);
  /** The table: the 4 bytes seen at a position, and that position plus #cur. */
  readonly #values = new Uint32Array(1 << TABLE_BITS);
  readonly #offsets = new Int32Array(1 << TABLE_BITS);
  /** The previous block, matches may reach into (#prevLength bytes; none after a block of literals only). */
  readonly #prev = new Uint8Array(BLOCK);
  #prevLength = 0;
  #cur = BLOCK;

  constructor(onData: (piece: Uint8Array) => void) {
    this.#out = new GoBlockWriter(onData);
  }

  write(input: Uint8Array): void {
    let at = 0;
    while (at < input.length) {
      this.#step(false);
      const n = Math.min(input.length - at, BLOCK - this.#windowEnd);
      this.#window.set(input.subarray(at, at + n), this.#windowEnd);
      this.#windowEnd += n;
      at += n;
    }
  }

  /** Hands on the output's whole bytes so far, without changing the stream. */
  drain(): void {
    this.#out.drain();
  }

  close(): void {
    this.#step(true);
    this.#out.close();
  }

  /** Go's encSpeed: a full window is a block; at the end, what is left is one too. */
  #step(sync: boolean): void {
    const n = this.#windowEnd;
    if (n < BLOCK) {
      if (!sync || n === 0) return;
      if (n < 128) {
        const input = this.#window.subarray(0, n);
        if (n <= 16) this.#out.stored(input);
        else this.#out.huffmanBlock(input);
        this.#windowEnd = 0;
        this.#prevLength = 0;
        this.#cur += MAX_OFFSET;
        if (this.#cur >= BUFFER_RESET) this.#shiftOffsets();
        return;
      }
    }
    const input = this.#window.subarray(0, n);
    const count = this.#encode(input);
    if (count > n - (n >> 4)) this.#out.huffmanBlock(input);
    else this.#out.dynamicBlock(this.#tokens, count, input);
    this.#windowEnd = 0;
  }

  #shiftOffsets(): void {
    if (this.#prevLength === 0) {
      this.#values.fill(0);
      this.#offsets.fill(0);
    } else {
      for (let i = 0; i < this.#offsets.length; i++) this.#offsets[i] = Math.max(0, this.#offsets[i]! - this.#cur + MAX_OFFSET + 1);
    }
    this.#cur = MAX_OFFSET + 1;
  }

  /** Go's deflateFast.encode: the block's tokens (into #tokens); returns their count. */
  #encode(src: Uint8Array): number {
    if (this.#cur >= BUFFER_RESET) this.#shiftOffsets();
    let count = 0;
    const literals = (from: number, to: number): void => {
      for (let i = from; i < to; i++) this.#tokens[count++] = src[i]!;
    };
    if (src.length < MIN_NON_LITERAL_BLOCK) {
      this.#cur += BLOCK;
      this.#prevLength = 0;
      literals(0, src.length);
      return count;
    }
    const values = this.#values;
    const offsets = this.#offsets;
    const sLimit = src.length - INPUT_MARGIN;
    let nextEmit = 0;
    let s = 0;
    let cv = load32(src, s);
    let nextHash = hash(cv);
    outer: for (;;) {
      let skip = 32;
      let nextS = s;
      let candidateValue: number;
      let candidateOffset: number;
      for (;;) {
        s = nextS;
        const between = skip >> 5;
        nextS = s + between;
        skip += between;
        if (nextS > sLimit) break outer;
        const slot = nextHash & TABLE_MASK;
        candidateValue = values[slot]!;
        candidateOffset = offsets[slot]!;
        const now = load32(src, nextS);
        values[slot] = cv;
        offsets[slot] = s + this.#cur;
        nextHash = hash(now);
        if (s - (candidateOffset - this.#cur) > MAX_OFFSET || cv !== candidateValue) {
          cv = now;
          continue;
        }
        break;
      }
      literals(nextEmit, s);
      for (;;) {
        s += 4;
        const t = candidateOffset - this.#cur + 4;
        const l = this.#matchLen(s, t, src);
        this.#tokens[count++] = MATCH + ((l + 4 - 3) << 22) + (s - t - 1);
        s += l;
        nextEmit = s;
        if (s >= sLimit) break outer;
        const before = load32(src, s - 1);
        const prevSlot = hash(before) & TABLE_MASK;
        values[prevSlot] = before;
        offsets[prevSlot] = this.#cur + s - 1;
        const at = load32(src, s);
        const slot = hash(at) & TABLE_MASK;
        candidateValue = values[slot]!;
        candidateOffset = offsets[slot]!;
        values[slot] = at;
        offsets[slot] = this.#cur + s;
        if (s - (candidateOffset - this.#cur) > MAX_OFFSET || at !== candidateValue) {
          cv = load32(src, s + 1);
          nextHash = hash(cv);
          s++;
          break;
        }
      }
    }
    if (nextEmit < src.length) literals(nextEmit, src.length);
    this.#cur += src.length;
    this.#prev.set(src);
    this.#prevLength = src.length;
    return count;
  }

  /** How far the bytes at `s` match those at `t` (negative: in the previous block, and on into this one), at most 254. */
  #matchLen(s: number, t: number, src: Uint8Array): number {
    const s1 = Math.min(s + MAX_MATCH - 4, src.length);
    if (t >= 0) {
      let i = 0;
      while (s + i < s1 && src[t + i] === src[s + i]) i++;
      return i;
    }
    const prev = this.#prev;
    const tp = this.#prevLength + t;
    if (tp < 0) return 0;
    const n = Math.min(this.#prevLength - tp, s1 - s);
    let i = 0;
    while (i < n && src[s + i] === prev[tp + i]) i++;
    if (i < n || s + n === s1) return i;
    let j = 0;
    while (s + n + j < s1 && src[s + n + j] === src[j]) j++;
    return n + j;
  }
}
