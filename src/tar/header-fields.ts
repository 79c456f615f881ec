/**
 * Reading the fields of a header block: NUL-terminated strings, numbers in octal or in
 * base-256, and the header checksum. The rules are those of Go's archive/tar reader
 * (`strconv.go`, `parseNumeric`/`parseOctal`), which accepts what real writers emit:
 *
 * - octal, with leading and trailing spaces and NULs trimmed, then cut at the first NUL
 *   (so "  644 \0", "0000644\0" and "644\0junk" all read 0o644); an empty field is 0;
 * - base-256 (GNU and star, for values octal cannot hold): the high bit of the first byte
 *   is set and the rest is a big-endian two's-complement number, bit 6 of the first byte
 *   giving the sign; at most 63 significant bits;
 * - the checksum is the sum of the block's bytes with the checksum field counted as spaces,
 *   taken unsigned (POSIX) or signed (old Sun and others); either is accepted.
 *
 * cairn works in JavaScript numbers, so a value outside ±2^53 is refused here as malformed
 * rather than silently rounded.
 */
import { CHECKSUM_FIELD, type Field } from './header-layout.js';

const SPACE = 0x20;
const NUL = 0x00;
const DIGIT_ZERO = 0x30;
const DIGIT_SEVEN = 0x37;
const BASE256_FLAG = 0x80;
const BASE256_NEGATIVE = 0x40;
/** Go refuses base-256 values with more than 63 significant bits. */
const BASE256_MAX_BITS = 63n;

/** The bytes of a field up to its first NUL (the whole field when there is none). */
export function fieldBytes(block: Uint8Array, field: Field): Uint8Array {
  const bytes = block.subarray(field.offset, field.offset + field.length);
  return cutAtNul(bytes);
}

/** `bytes` up to its first NUL. */
export function cutAtNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(NUL);
  return end < 0 ? bytes : bytes.subarray(0, end);
}

/** The number in a numeric field, or undefined when it is malformed or beyond ±2^53. */
export function parseNumericField(block: Uint8Array, field: Field): number | undefined {
  const start = Math.min(field.offset, block.length);
  const end = Math.min(field.offset + field.length, block.length);
  if (end > start && (block[start]! & BASE256_FLAG) !== 0) return parseBase256(block.subarray(start, end));
  // Octal read in place: a subarray per field (eight per header) cost more than the parse.
  return parseOctalIn(block, start, end);
}

function parseBase256(bytes: Uint8Array): number | undefined {
  const negative = (bytes[0]! & BASE256_NEGATIVE) !== 0;
  const invert = negative ? 0xff : 0x00;
  let value = 0n;
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i]! ^ invert;
    if (i === 0) byte &= 0x7f; // the flag bit is not part of the number
    value = (value << 8n) | BigInt(byte);
    if (value >> BASE256_MAX_BITS !== 0n) return undefined;
  }
  // Two's complement: a negative number n is stored as the bits of -n-1, inverted.
  const result = negative ? -value - 1n : value;
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
  return Number(result);
}

function parseOctal(bytes: Uint8Array): number | undefined {
  return parseOctalIn(bytes, 0, bytes.length);
}

/** parseOctal of bytes[from, to) (within bytes). */
function parseOctalIn(bytes: Uint8Array, from: number, to: number): number | undefined {
  let start = from;
  let end = to;
  while (start < end && (bytes[start] === SPACE || bytes[start] === NUL)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === NUL)) end--;
  if (start === end) return 0;
  for (let i = start; i < end; i++) {
    if (bytes[i] === NUL) {
      end = i;
      break;
    }
  }
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c < DIGIT_ZERO || c > DIGIT_SEVEN) return undefined;
    value = value * 8 + (c - DIGIT_ZERO);
    if (value > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return value;
}

/** The unsigned and signed sums of a block, its checksum field counted as spaces. */
export function computeChecksums(block: Uint8Array): { unsigned: number; signed: number } {
  // One pass without branches: the signed sum is the unsigned one less 256 per byte >= 0x80.
  let unsigned = 0;
  let high = 0;
  const from = CHECKSUM_FIELD.offset;
  const to = from + CHECKSUM_FIELD.length;
  for (let i = 0; i < block.length; i++) {
    const byte = block[i]!;
    unsigned += byte;
    high += byte >> 7;
  }
  for (let i = from; i < to && i < block.length; i++) {
    const byte = block[i]!;
    unsigned += SPACE - byte;
    high -= byte >> 7;
  }
  return { unsigned, signed: unsigned - 256 * high };
}

/**
 * The sum of bytes [from, to) of `bytes`, eight at a time: the rootfs export runs mostly in
 * baseline code (src/cli/short-run.ts), where each turn of a loop costs about as much as the
 * adding in it, and a header's checksum is its largest loop (three times faster than byte by
 * byte).
 */
function byteSum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  let i = from;
  for (; i + 8 <= to; i += 8) sum += bytes[i]! + bytes[i + 1]! + bytes[i + 2]! + bytes[i + 3]! + bytes[i + 4]! + bytes[i + 5]! + bytes[i + 6]! + bytes[i + 7]!;
  for (; i < to; i++) sum += bytes[i]!;
  return sum;
}

/** The unsigned sum of a block, its checksum field counted as spaces (computeChecksums' `unsigned`). */
function unsignedChecksum(block: Uint8Array): number {
  const from = Math.min(CHECKSUM_FIELD.offset, block.length);
  const to = Math.min(CHECKSUM_FIELD.offset + CHECKSUM_FIELD.length, block.length);
  return byteSum(block, 0, block.length) - byteSum(block, from, to) + SPACE * (to - from);
}

/** True when the checksum field holds the block's unsigned or signed sum. */
export function checksumMatches(block: Uint8Array): boolean {
  const stored = parseOctal(block.subarray(CHECKSUM_FIELD.offset, CHECKSUM_FIELD.offset + CHECKSUM_FIELD.length));
  if (stored === undefined) return false;
  // The unsigned sum is what writers use (POSIX); the signed one is worked out only when it differs.
  return stored === unsignedChecksum(block) || stored === computeChecksums(block).signed;
}

/** Writes `value` as zero-padded octal filling the field but its last byte, which is NUL. */
export function writeOctalField(block: Uint8Array, field: Field, value: number): void {
  // Digits from the last up, without a string per field (headers are written per file).
  let rest = value;
  for (let i = field.length - 2; i >= 0; i--) {
    const digit = rest % 8;
    block[field.offset + i] = DIGIT_ZERO + digit;
    rest = (rest - digit) / 8;
  }
  if (rest !== 0 || !(value >= 0) || !Number.isInteger(value)) throw new RangeError(`${value} does not fit an octal field of ${field.length} bytes`);
  block[field.offset + field.length - 1] = NUL;
}

/** Writes the checksum the way GNU tar and Go do: six octal digits, NUL, space. */
export function writeChecksum(block: Uint8Array): void {
  const digits = unsignedChecksum(block).toString(8).padStart(CHECKSUM_FIELD.length - 2, '0');
  for (let i = 0; i < digits.length; i++) block[CHECKSUM_FIELD.offset + i] = digits.charCodeAt(i);
  block[CHECKSUM_FIELD.offset + CHECKSUM_FIELD.length - 2] = NUL;
  block[CHECKSUM_FIELD.offset + CHECKSUM_FIELD.length - 1] = SPACE;
}
