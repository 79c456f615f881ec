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
import { type Field } from './header-layout.js';
/** The bytes of a field up to its first NUL (the whole field when there is none). */
export declare function fieldBytes(block: Uint8Array, field: Field): Uint8Array;
/** `bytes` up to its first NUL. */
export declare function cutAtNul(bytes: Uint8Array): Uint8Array;
/** The number in a numeric field, or undefined when it is malformed or beyond ±2^53. */
export declare function parseNumericField(block: Uint8Array, field: Field): number | undefined;
/** The unsigned and signed sums of a block, its checksum field counted as spaces. */
export declare function computeChecksums(block: Uint8Array): {
    unsigned: number;
    signed: number;
};
/** True when the checksum field holds the block's unsigned or signed sum. */
export declare function checksumMatches(block: Uint8Array): boolean;
/** Writes `value` as zero-padded octal filling the field but its last byte, which is NUL. */
export declare function writeOctalField(block: Uint8Array, field: Field, value: number): void;
/** Writes the checksum the way GNU tar and Go do: six octal digits, NUL, space. */
export declare function writeChecksum(block: Uint8Array): void;
