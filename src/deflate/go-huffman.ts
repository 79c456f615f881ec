/**
 * Huffman codes as Go's compress/flate builds them (huffman_code.go's behaviour): lengths
 * limited to a maximum by its level-by-level construction, ties broken by symbol, codes
 * assigned in symbol order within each length; and the fixed codes of RFC 1951.
 */
import { DISTANCES, LITERALS } from './rfc1951.js';

function reverse(code: number, bits: number): number {
  let out = 0;
  for (let i = 0; i < bits; i++) out |= ((code >> i) & 1) << (bits - 1 - i);
  return out;
}

/** A Huffman code: per symbol its (bit-reversed) code and length; built as Go builds it. */
export class HuffmanCode {
  readonly code: Uint16Array;
  readonly len: Uint16Array;

  constructor(size: number) {
    this.code = new Uint16Array(size);
    this.len = new Uint16Array(size);
  }

  bitLength(freq: Int32Array): number {
    let total = 0;
    for (let i = 0; i < freq.length; i++) if (freq[i] !== 0) total += freq[i]! * this.len[i]!;
    return total;
  }

  /** The code for `freq`, no longer than `maxBits`: Go's length-limited construction, ties broken by symbol. */
  generate(freq: Int32Array, maxBits: number): void {
    const list: { literal: number; freq: number }[] = [];
    for (let i = 0; i < freq.length; i++) {
      if (freq[i] !== 0) list.push({ literal: i, freq: freq[i]! });
      else this.len[i] = 0;
    }
    if (list.length <= 2) {
      list.forEach((node, i) => {
        this.code[node.literal] = i;
        this.len[node.literal] = 1;
      });
      return;
    }
    list.sort((a, b) => a.freq - b.freq || a.literal - b.literal);
    this.#assign(bitCounts(list, maxBits), list);
  }

  #assign(bitCount: number[], list: { literal: number; freq: number }[]): void {
    let code = 0;
    let end = list.length;
    for (let n = 0; n < bitCount.length; n++) {
      code <<= 1;
      const bits = bitCount[n]!;
      if (n === 0 || bits === 0) continue;
      const chunk = list.slice(end - bits, end).sort((a, b) => a.literal - b.literal);
      for (const node of chunk) {
        this.code[node.literal] = reverse(code, n);
        this.len[node.literal] = n;
        code++;
      }
      end -= bits;
    }
  }
}

/** How many symbols get each code length (index = bits), `list` sorted by frequency. */
function bitCounts(list: readonly { freq: number }[], maxBitsWanted: number): number[] {
  const MAX = 0x7fffffff;
  const n = list.length;
  const freqAt = (i: number): number => (i < n ? list[i]!.freq : MAX);
  const maxBits = Math.min(maxBitsWanted, n - 1);
  const lastFreq = new Array<number>(maxBits + 2).fill(0);
  const nextCharFreq = new Array<number>(maxBits + 2).fill(0);
  const nextPairFreq = new Array<number>(maxBits + 2).fill(0);
  const needed = new Array<number>(maxBits + 2).fill(0);
  const leafCounts = Array.from({ length: maxBits + 1 }, () => new Array<number>(maxBits + 1).fill(0));
  for (let level = 1; level <= maxBits; level++) {
    lastFreq[level] = freqAt(1);
    nextCharFreq[level] = freqAt(2);
    nextPairFreq[level] = level === 1 ? MAX : freqAt(0) + freqAt(1);
    leafCounts[level]![level] = 2;
  }
  needed[maxBits] = 2 * n - 4;
  let level = maxBits;
  for (;;) {
    if (nextPairFreq[level] === MAX && nextCharFreq[level] === MAX) {
      needed[level] = 0;
      nextPairFreq[level + 1] = MAX;
      level++;
      continue;
    }
    const prevFreq = lastFreq[level]!;
    if (nextCharFreq[level]! < nextPairFreq[level]!) {
      const count = leafCounts[level]![level]! + 1;
      lastFreq[level] = nextCharFreq[level]!;
      leafCounts[level]![level] = count;
      nextCharFreq[level] = freqAt(count);
    } else {
      lastFreq[level] = nextPairFreq[level]!;
      for (let i = 0; i < level; i++) leafCounts[level]![i] = leafCounts[level - 1]![i]!;
      needed[level - 1] = 2;
    }
    if (--needed[level]! === 0) {
      if (level === maxBits) break;
      nextPairFreq[level + 1] = prevFreq + lastFreq[level]!;
      level++;
    } else {
      while (needed[level - 1]! > 0) level--;
    }
  }
  const bitCount = new Array<number>(maxBits + 1).fill(0);
  const counts = leafCounts[maxBits]!;
  let bits = 1;
  for (let l = maxBits; l > 0; l--) bitCount[bits++] = counts[l]! - counts[l - 1]!;
  return bitCount;
}

export const FIXED_LITERALS = new HuffmanCode(LITERALS);
for (let ch = 0; ch < LITERALS; ch++) {
  const [bits, size] = ch < 144 ? [ch + 48, 8] : ch < 256 ? [ch + 400 - 144, 9] : ch < 280 ? [ch - 256, 7] : [ch + 192 - 280, 8];
  FIXED_LITERALS.code[ch] = reverse(bits!, size!);
  FIXED_LITERALS.len[ch] = size!;
}
export const FIXED_DISTANCES = new HuffmanCode(DISTANCES);
for (let i = 0; i < DISTANCES; i++) {
  FIXED_DISTANCES.code[i] = reverse(i, 5);
  FIXED_DISTANCES.len[i] = 5;
}

/** The distance code of a block of literals only (Go's huffOffset): one code, distance 1, never used. */
export const HUFFMAN_ONLY_DISTANCES = new HuffmanCode(DISTANCES);
HUFFMAN_ONLY_DISTANCES.generate(Int32Array.from({ length: DISTANCES }, (_, i) => (i === 0 ? 1 : 0)), 15);
