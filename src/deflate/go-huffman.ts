/**
 * The block writer of Go's `compress/flate` (levels 1-9), written from its documented
 * behaviour so that a stream it made can be made again byte for byte: how it builds its
 * Huffman codes (length-limited, ties broken by symbol), how it sizes a block three ways
 * (fixed, dynamic, stored) and keeps the smallest, and how it writes the code-length header.
 * The bit stream itself is plain deflate (RFC 1951); only these choices are Go's.
 */

/** Literal/length symbols (0-285) and distance symbols (0-29). */
export const LITERALS = 286;
export const DISTANCES = 30;
const CODEGEN_CODES = 19;
const END_BLOCK = 256;
const BAD_CODE = 255;
const MAX_STORED = 65535;
/** A token at or above this is a match: (1 << 30) + (length - 3) << 22 + (distance - 1). */
export const MATCH = 1 << 30;

const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const LENGTH_BASE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const DISTANCE_BASE = DISTANCE_EXTRA.map((_, i) => (i < 4 ? i : ((2 + (i & 1)) << ((i >> 1) - 1))));
const CODEGEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Symbol of a match length minus 3 (0-255), relative to 257. */
const LENGTH_CODE = new Uint8Array(256);
for (let code = 0; code < 28; code++) for (let x = LENGTH_BASE[code]!; x < LENGTH_BASE[code + 1]!; x++) LENGTH_CODE[x] = code;
LENGTH_CODE[255] = 28;

/** Symbol of a distance minus 1 (0-32767). */
function distanceCode(x: number): number {
  let code = 0;
  while (code + 1 < DISTANCES && DISTANCE_BASE[code + 1]! <= x) code++;
  return code;
}
const DISTANCE_CODE = new Uint8Array(1 << 15);
for (let x = 0; x < DISTANCE_CODE.length; x++) DISTANCE_CODE[x] = distanceCode(x);

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

const FIXED_LITERALS = new HuffmanCode(LITERALS);
for (let ch = 0; ch < LITERALS; ch++) {
  const [bits, size] = ch < 144 ? [ch + 48, 8] : ch < 256 ? [ch + 400 - 144, 9] : ch < 280 ? [ch - 256, 7] : [ch + 192 - 280, 8];
  FIXED_LITERALS.code[ch] = reverse(bits!, size!);
  FIXED_LITERALS.len[ch] = size!;
}
const FIXED_DISTANCES = new HuffmanCode(DISTANCES);
for (let i = 0; i < DISTANCES; i++) {
  FIXED_DISTANCES.code[i] = reverse(i, 5);
  FIXED_DISTANCES.len[i] = 5;
}

/** The distance code of a block of literals only: one code, distance 1, never used. */
const HUFFMAN_ONLY_DISTANCES = new HuffmanCode(DISTANCES);
HUFFMAN_ONLY_DISTANCES.generate(Int32Array.from({ length: DISTANCES }, (_, i) => (i === 0 ? 1 : 0)), 15);

/** An LSB-first bit stream handed on in pieces of about `PIECE` bytes. */
class BitSink {
  #out = new Uint8Array(PIECE + 8);
  #used = 0;
  #bits = 0;
  #count = 0;

  constructor(readonly onData: (piece: Uint8Array) => void) {}

  /** Appends the low `n` bits of `value` (n ≤ 16). */
  bits(value: number, n: number): void {
    this.#bits |= value << this.#count;
    this.#count += n;
    while (this.#count >= 8) {
      this.#out[this.#used++] = this.#bits & 0xff;
      this.#bits >>>= 8;
      this.#count -= 8;
    }
    if (this.#used >= PIECE) this.#emit();
  }

  /** Pads to a byte boundary with zero bits. */
  align(): void {
    if (this.#count > 0) this.bits(0, 8 - this.#count);
  }

  bytes(data: Uint8Array): void {
    this.#emit();
    if (data.length > 0) this.onData(data.slice());
  }

  /** Hands on everything written so far (whole bytes). */
  emit(): void {
    this.#emit();
  }

  #emit(): void {
    if (this.#used === 0) return;
    this.onData(this.#out.slice(0, this.#used));
    this.#used = 0;
  }

  finish(): void {
    this.align();
    this.#emit();
  }
}
const PIECE = 64 * 1024;

/** Go's huffmanBitWriter: the block writer behind levels 1-9. */
export class GoBlockWriter {
  readonly #sink: BitSink;
  readonly #literalFreq = new Int32Array(LITERALS);
  readonly #distanceFreq = new Int32Array(DISTANCES);
  readonly #codegenFreq = new Int32Array(CODEGEN_CODES);
  readonly #codegen = new Uint8Array(LITERALS + DISTANCES + 1);
  readonly #literals = new HuffmanCode(LITERALS);
  readonly #distances = new HuffmanCode(DISTANCES);
  readonly #codegenCode = new HuffmanCode(CODEGEN_CODES);

  constructor(onData: (piece: Uint8Array) => void) {
    this.#sink = new BitSink(onData);
  }

  storedHeader(length: number, last: boolean): void {
    this.#sink.bits(last ? 1 : 0, 3);
    this.#sink.align();
    this.#sink.bits(length, 16);
    this.#sink.bits(~length & 0xffff, 16);
  }

  /** Hands on the whole bytes written so far (the stream is unchanged: the bits of a byte not yet whole wait). */
  drain(): void {
    this.#sink.emit();
  }

  /** The final empty stored block Go ends a stream with, and the last bits. */
  close(): void {
    this.storedHeader(0, true);
    this.#sink.finish();
  }

  /** `input` as a stored block (Go's level 1 writes its last 16 bytes or fewer so). */
  stored(input: Uint8Array): void {
    this.storedHeader(input.length, false);
    this.#sink.bytes(input);
  }

  /**
   * Level 1's block of literals only (its tokens removed too little): dynamic codes for the
   * bytes, unless storing them is smaller than that plus a sixteenth.
   */
  huffmanBlock(input: Uint8Array): void {
    this.#literalFreq.fill(0);
    for (let i = 0; i < input.length; i++) this.#literalFreq[input[i]!]!++;
    this.#literalFreq[END_BLOCK] = 1;
    this.#distanceFreq[0] = 1;
    this.#literals.generate(this.#literalFreq, 15);
    this.#generateCodegen(END_BLOCK + 1, 1, HUFFMAN_ONLY_DISTANCES);
    this.#codegenCode.generate(this.#codegenFreq, 7);
    const [size, numCodegens] = this.#dynamicSize(0, HUFFMAN_ONLY_DISTANCES);
    if (input.length <= MAX_STORED && (input.length + 5) * 8 < size + (size >> 4)) {
      this.stored(input);
      return;
    }
    this.#dynamicHeader(END_BLOCK + 1, 1, numCodegens);
    const s = this.#sink;
    const { code, len } = this.#literals;
    for (let i = 0; i < input.length; i++) s.bits(code[input[i]!]!, len[input[i]!]!);
    s.bits(code[END_BLOCK]!, len[END_BLOCK]!);
  }

  /** Level 1's block of tokens: dynamic codes, unless storing `input` is smaller than that plus a sixteenth. */
  dynamicBlock(tokens: Uint32Array, count: number, input: Uint8Array): void {
    const [numLiterals, numDistances] = this.#index(tokens, count);
    this.#generateCodegen(numLiterals, numDistances, this.#distances);
    this.#codegenCode.generate(this.#codegenFreq, 7);
    const [size, numCodegens] = this.#dynamicSize(0, this.#distances);
    if (input.length <= MAX_STORED && (input.length + 5) * 8 < size + (size >> 4)) {
      this.stored(input);
      return;
    }
    this.#dynamicHeader(numLiterals, numDistances, numCodegens);
    this.#tokens(tokens, count, this.#literals, this.#distances);
  }

  /** A block of `tokens` in the smallest of fixed, dynamic and (when `input` is given and fits) stored. */
  block(tokens: Uint32Array, count: number, input: Uint8Array | undefined): void {
    const [numLiterals, numDistances] = this.#index(tokens, count);
    const storable = input !== undefined && input.length <= MAX_STORED;
    let extraBits = 0;
    if (storable) {
      for (let code = 257 + 8; code < numLiterals; code++) extraBits += this.#literalFreq[code]! * LENGTH_EXTRA[code - 257]!;
      for (let code = 4; code < numDistances; code++) extraBits += this.#distanceFreq[code]! * DISTANCE_EXTRA[code]!;
    }
    let literals = FIXED_LITERALS;
    let distances = FIXED_DISTANCES;
    let size = 3 + FIXED_LITERALS.bitLength(this.#literalFreq) + FIXED_DISTANCES.bitLength(this.#distanceFreq) + extraBits;
    this.#generateCodegen(numLiterals, numDistances, this.#distances);
    this.#codegenCode.generate(this.#codegenFreq, 7);
    const [dynamicSize, numCodegens] = this.#dynamicSize(extraBits, this.#distances);
    if (dynamicSize < size) {
      size = dynamicSize;
      literals = this.#literals;
      distances = this.#distances;
    }
    if (storable && (input.length + 5) * 8 < size) {
      this.storedHeader(input.length, false);
      this.#sink.bytes(input);
      return;
    }
    if (literals === FIXED_LITERALS) this.#sink.bits(2, 3);
    else this.#dynamicHeader(numLiterals, numDistances, numCodegens);
    this.#tokens(tokens, count, literals, distances);
  }

  #index(tokens: Uint32Array, count: number): [number, number] {
    this.#literalFreq.fill(0);
    this.#distanceFreq.fill(0);
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!;
      if (t < MATCH) {
        this.#literalFreq[t]!++;
        continue;
      }
      this.#literalFreq[257 + LENGTH_CODE[(t - MATCH) >>> 22]!]!++;
      this.#distanceFreq[DISTANCE_CODE[t & 0x3fffff]!]!++;
    }
    this.#literalFreq[END_BLOCK]!++;
    let numLiterals = LITERALS;
    while (this.#literalFreq[numLiterals - 1] === 0) numLiterals--;
    let numDistances = DISTANCES;
    while (numDistances > 0 && this.#distanceFreq[numDistances - 1] === 0) numDistances--;
    if (numDistances === 0) {
      this.#distanceFreq[0] = 1;
      numDistances = 1;
    }
    this.#literals.generate(this.#literalFreq, 15);
    this.#distances.generate(this.#distanceFreq, 15);
    return [numLiterals, numDistances];
  }

  /** The code-length sequence (RFC 1951 3.2.7) as Go run-length codes it, and its symbol counts. */
  #generateCodegen(numLiterals: number, numDistances: number, distances: HuffmanCode): void {
    const freq = this.#codegenFreq;
    freq.fill(0);
    const codegen = this.#codegen;
    for (let i = 0; i < numLiterals; i++) codegen[i] = this.#literals.len[i]!;
    for (let i = 0; i < numDistances; i++) codegen[numLiterals + i] = distances.len[i]!;
    codegen[numLiterals + numDistances] = BAD_CODE;
    let size = codegen[0]!;
    let count = 1;
    let out = 0;
    for (let inIndex = 1; size !== BAD_CODE; inIndex++) {
      const nextSize = codegen[inIndex]!;
      if (nextSize === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        codegen[out++] = size;
        freq[size]!++;
        count--;
        while (count >= 3) {
          const n = Math.min(6, count);
          codegen[out++] = 16;
          codegen[out++] = n - 3;
          freq[16]!++;
          count -= n;
        }
      } else {
        while (count >= 11) {
          const n = Math.min(138, count);
          codegen[out++] = 18;
          codegen[out++] = n - 11;
          freq[18]!++;
          count -= n;
        }
        if (count >= 3) {
          codegen[out++] = 17;
          codegen[out++] = count - 3;
          freq[17]!++;
          count = 0;
        }
      }
      for (count--; count >= 0; count--) {
        codegen[out++] = size;
        freq[size]!++;
      }
      size = nextSize;
      count = 1;
    }
    codegen[out] = BAD_CODE;
  }

  #dynamicSize(extraBits: number, distances: HuffmanCode): [number, number] {
    let numCodegens = CODEGEN_CODES;
    while (numCodegens > 4 && this.#codegenFreq[CODEGEN_ORDER[numCodegens - 1]!] === 0) numCodegens--;
    const f = this.#codegenFreq;
    const header = 3 + 5 + 5 + 4 + 3 * numCodegens + this.#codegenCode.bitLength(f) + f[16]! * 2 + f[17]! * 3 + f[18]! * 7;
    return [header + this.#literals.bitLength(this.#literalFreq) + distances.bitLength(this.#distanceFreq) + extraBits, numCodegens];
  }

  #dynamicHeader(numLiterals: number, numDistances: number, numCodegens: number): void {
    const s = this.#sink;
    s.bits(4, 3);
    s.bits(numLiterals - 257, 5);
    s.bits(numDistances - 1, 5);
    s.bits(numCodegens - 4, 4);
    for (let i = 0; i < numCodegens; i++) s.bits(this.#codegenCode.len[CODEGEN_ORDER[i]!]!, 3);
    const cg = this.#codegenCode;
    for (let i = 0; ;) {
      const word = this.#codegen[i++]!;
      if (word === BAD_CODE) break;
      s.bits(cg.code[word]!, cg.len[word]!);
      if (word === 16) s.bits(this.#codegen[i++]!, 2);
      else if (word === 17) s.bits(this.#codegen[i++]!, 3);
      else if (word === 18) s.bits(this.#codegen[i++]!, 7);
    }
  }

  #tokens(tokens: Uint32Array, count: number, literals: HuffmanCode, distances: HuffmanCode): void {
    const s = this.#sink;
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!;
      if (t < MATCH) {
        s.bits(literals.code[t]!, literals.len[t]!);
        continue;
      }
      const length = (t - MATCH) >>> 22;
      const lc = LENGTH_CODE[length]!;
      s.bits(literals.code[257 + lc]!, literals.len[257 + lc]!);
      if (LENGTH_EXTRA[lc]! > 0) s.bits(length - LENGTH_BASE[lc]!, LENGTH_EXTRA[lc]!);
      const distance = t & 0x3fffff;
      const dc = DISTANCE_CODE[distance]!;
      s.bits(distances.code[dc]!, distances.len[dc]!);
      if (DISTANCE_EXTRA[dc]! > 0) s.bits(distance - DISTANCE_BASE[dc]!, DISTANCE_EXTRA[dc]!);
    }
    s.bits(literals.code[END_BLOCK]!, literals.len[END_BLOCK]!);
  }
}
