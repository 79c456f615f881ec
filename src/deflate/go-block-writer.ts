/**
 * The block writer of Go's `compress/flate` (levels 1-9), written from its documented
 * behaviour so that a stream it made can be made again byte for byte: how it sizes a block
 * three ways (fixed, dynamic, stored) and keeps the smallest, how it run-length codes the code
 * lengths of a dynamic header, and level 1's literal-only and dynamic blocks. Its Huffman codes
 * are go-huffman.ts's; the bit stream itself is plain deflate (RFC 1951).
 */
import { BitSink } from './bit-sink.js';
import { FIXED_DISTANCES, FIXED_LITERALS, HUFFMAN_ONLY_DISTANCES, HuffmanCode } from './go-huffman.js';
import { CODE_LENGTH_ORDER, DISTANCE_BASE, DISTANCE_EXTRA, DISTANCES, END_BLOCK, LENGTH_BASE, LENGTH_EXTRA, LITERALS } from './rfc1951.js';

const CODEGEN_CODES = 19;
const BAD_CODE = 255;
const MAX_STORED = 65535;
/** A token at or above this is a match: (1 << 30) + (length - 3) << 22 + (distance - 1). */
export const MATCH = 1 << 30;

/** Length symbol (minus 257) of a match length minus 3 (0-255). */
const LENGTH_CODE = new Uint8Array(256);
for (let code = 0; code < 28; code++) for (let x = LENGTH_BASE[code]! - 3; x < LENGTH_BASE[code + 1]! - 3; x++) LENGTH_CODE[x] = code;
LENGTH_CODE[255] = 28;

/** Distance symbol of a distance minus 1 (0-32767). */
const DISTANCE_CODE = new Uint8Array(1 << 15);
for (let code = 0, x = 0; x < DISTANCE_CODE.length; x++) {
  while (code + 1 < DISTANCES && DISTANCE_BASE[code + 1]! - 1 <= x) code++;
  DISTANCE_CODE[x] = code;
}

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

  #storedHeader(length: number, last: boolean): void {
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
    this.#storedHeader(0, true);
    this.#sink.finish();
  }

  /** `input` as a stored block (Go's level 1 writes its last 16 bytes or fewer so). */
  stored(input: Uint8Array): void {
    this.#storedHeader(input.length, false);
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
    const [size, numCodegens] = this.#dynamicCodes(END_BLOCK + 1, 1, HUFFMAN_ONLY_DISTANCES, 0);
    if (this.#storedIfSmaller(input, size + (size >> 4))) return;
    this.#dynamicHeader(END_BLOCK + 1, 1, numCodegens);
    const s = this.#sink;
    const { code, len } = this.#literals;
    for (let i = 0; i < input.length; i++) s.bits(code[input[i]!]!, len[input[i]!]!);
    s.bits(code[END_BLOCK]!, len[END_BLOCK]!);
  }

  /** Level 1's block of tokens: dynamic codes, unless storing `input` is smaller than that plus a sixteenth. */
  dynamicBlock(tokens: Uint32Array, count: number, input: Uint8Array): void {
    const [numLiterals, numDistances] = this.#index(tokens, count);
    const [size, numCodegens] = this.#dynamicCodes(numLiterals, numDistances, this.#distances, 0);
    if (this.#storedIfSmaller(input, size + (size >> 4))) return;
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
    const [dynamicSize, numCodegens] = this.#dynamicCodes(numLiterals, numDistances, this.#distances, extraBits);
    if (dynamicSize < size) {
      size = dynamicSize;
      literals = this.#literals;
      distances = this.#distances;
    }
    if (input !== undefined && this.#storedIfSmaller(input, size)) return;
    if (literals === FIXED_LITERALS) this.#sink.bits(2, 3);
    else this.#dynamicHeader(numLiterals, numDistances, numCodegens);
    this.#tokens(tokens, count, literals, distances);
  }

  /** Writes `input` as a stored block when it fits one and its size in bits is under `bits`; says whether it did. */
  #storedIfSmaller(input: Uint8Array, bits: number): boolean {
    if (input.length > MAX_STORED || (input.length + 5) * 8 >= bits) return false;
    this.stored(input);
    return true;
  }

  /** The code-length code of the literal code and `distances`, and the size of a dynamic block with them: [bits, code-length codes sent]. */
  #dynamicCodes(numLiterals: number, numDistances: number, distances: HuffmanCode, extraBits: number): [number, number] {
    this.#generateCodegen(numLiterals, numDistances, distances);
    this.#codegenCode.generate(this.#codegenFreq, 7);
    return this.#dynamicSize(extraBits, distances);
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
    while (numCodegens > 4 && this.#codegenFreq[CODE_LENGTH_ORDER[numCodegens - 1]!] === 0) numCodegens--;
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
    for (let i = 0; i < numCodegens; i++) s.bits(this.#codegenCode.len[CODE_LENGTH_ORDER[i]!]!, 3);
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
      if (LENGTH_EXTRA[lc]! > 0) s.bits(length + 3 - LENGTH_BASE[lc]!, LENGTH_EXTRA[lc]!);
      const distance = t & 0x3fffff;
      const dc = DISTANCE_CODE[distance]!;
      s.bits(distances.code[dc]!, distances.len[dc]!);
      if (DISTANCE_EXTRA[dc]! > 0) s.bits(distance + 1 - DISTANCE_BASE[dc]!, DISTANCE_EXTRA[dc]!);
    }
    s.bits(literals.code[END_BLOCK]!, literals.len[END_BLOCK]!);
  }
}
