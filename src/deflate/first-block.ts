/**
 * Reads the first block of a raw deflate stream far enough to count its symbols. zlib ends
 * a block only when its symbol buffer is full (2^(memLevel+6) - 1 symbols) or at the end of
 * the input, so a first block that is not the last one names zlib's memLevel exactly, and a
 * count that fits no memLevel (GNU gzip, Go, 7-Zip...) rules zlib out without compressing.
 */
import { CODE_LENGTH_ORDER, DISTANCE_EXTRA, LENGTH_BASE, LENGTH_EXTRA } from './rfc1951.js';

export interface FirstBlock {
  type: 0 | 1 | 2;
  final: boolean;
  /** Literals plus matches before the end-of-block code (fixed and dynamic blocks). */
  symbols?: number;
  /** Input bytes the block covers. */
  inputBytes: number;
}

class Bits {
  private pos = 0;
  private bit = 0;
  constructor(private readonly data: Uint8Array) {}
  read(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (this.pos >= this.data.length) throw new RangeError('end of stream');
      v |= ((this.data[this.pos]! >> this.bit) & 1) << i;
      if (++this.bit === 8) {
        this.bit = 0;
        this.pos++;
      }
    }
    return v;
  }
}

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const count = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) count[lengths[i]!]!++;
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len]! + count[len]!;
  const symbol = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) if (lengths[i]) symbol[offs[lengths[i]!]!++] = i;
  count[0] = 0;
  return { count, symbol };
}

function decode(bits: Bits, h: Huffman): number {
  let code = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= 15; len++) {
    code |= bits.read(1);
    const c = h.count[len]!;
    if (code - c < first) return h.symbol[index + (code - first)]!;
    index += c;
    first = (first + c) << 1;
    code <<= 1;
  }
  throw new RangeError('bad code');
}


function fixedTables(): [Huffman, Huffman] {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  return [huffman(l), huffman(new Uint8Array(30).fill(5))];
}

function dynamicTables(bits: Bits): [Huffman, Huffman] {
  const nlen = bits.read(5) + 257;
  const ndist = bits.read(5) + 1;
  const ncode = bits.read(4) + 4;
  if (nlen > 286 || ndist > 30) throw new RangeError('bad counts');
  const cl = new Uint8Array(19);
  for (let i = 0; i < ncode; i++) cl[CODE_LENGTH_ORDER[i]!] = bits.read(3);
  const codes = huffman(cl);
  const lengths = new Uint8Array(nlen + ndist);
  for (let i = 0; i < nlen + ndist; ) {
    const sym = decode(bits, codes);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let len = 0;
    let rep: number;
    if (sym === 16) {
      if (i === 0) throw new RangeError('repeat with no length');
      len = lengths[i - 1]!;
      rep = 3 + bits.read(2);
    } else rep = sym === 17 ? 3 + bits.read(3) : 11 + bits.read(7);
    if (i + rep > nlen + ndist) throw new RangeError('too many lengths');
    lengths.fill(len, i, i + rep);
    i += rep;
  }
  return [huffman(lengths.subarray(0, nlen)), huffman(lengths.subarray(nlen))];
}

/** The first block's type and symbol count, or undefined when the stream cannot be read. */
export function readFirstBlock(stream: Uint8Array, maxSymbols = 1 << 17): FirstBlock | undefined {
  try {
    const bits = new Bits(stream);
    const final = bits.read(1) === 1;
    const type = bits.read(2);
    if (type === 0) {
      // The first block starts at bit 0, so its LEN is in bytes 1-2.
      if (stream.length < 5) return undefined;
      return { type, final, inputBytes: stream[1]! | (stream[2]! << 8) };
    }
    if (type === 3) return undefined;
    const [lit, dist] = type === 1 ? fixedTables() : dynamicTables(bits);
    let symbols = 0;
    let inputBytes = 0;
    for (;;) {
      const sym = decode(bits, lit);
      if (sym === 256) return { type: type as 1 | 2, final, symbols, inputBytes };
      if (++symbols > maxSymbols) return undefined;
      if (sym < 256) inputBytes++;
      else {
        if (sym > 285) return undefined;
        inputBytes += LENGTH_BASE[sym - 257]! + bits.read(LENGTH_EXTRA[sym - 257]!);
        const d = decode(bits, dist);
        if (d > 29) return undefined;
        bits.read(DISTANCE_EXTRA[d]!);
      }
    }
  } catch {
    return undefined;
  }
}

/**
 * The memLevels zlib could have used to write this first block; undefined when the block
 * says nothing (stored, unreadable); an empty list when zlib cannot have written it.
 */
export function zlibMemLevels(block: FirstBlock | undefined): number[] | undefined {
  if (!block || block.symbols === undefined) return undefined;
  const out: number[] = [];
  for (let m = 1; m <= 9; m++) {
    const full = 2 ** (m + 6) - 1;
    if (block.final ? block.symbols <= full : block.symbols === full) out.push(m);
  }
  return out;
}
