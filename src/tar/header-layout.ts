/**
 * The byte layout of a tar header block, and the magic values that tell the dialects apart.
 * Every offset the tar module reads or writes is named here, so that no parser or writer
 * carries a bare number. The layouts follow the POSIX ustar header (IEEE Std 1003.1-2017,
 * pax, "ustar Interchange Format"), GNU tar's `struct oldgnu_header` and sparse extension
 * block (GNU tar manual, "Basic Tar Format"), and star's header as Go's archive/tar
 * describes it (`format.go`).
 *
 * Common to every dialect (v7 stops after the link name):
 *
 * | offset | length | field |
 * | ---: | ---: | --- |
 * | 0 | 100 | name |
 * | 100 | 8 | mode |
 * | 108 | 8 | uid |
 * | 116 | 8 | gid |
 * | 124 | 12 | size |
 * | 136 | 12 | mtime |
 * | 148 | 8 | checksum |
 * | 156 | 1 | typeflag |
 * | 157 | 100 | linkname |
 * | 257 | 6 | magic ("ustar\0", or "ustar " for GNU) |
 * | 263 | 2 | version ("00", or " \0" for GNU) |
 * | 265 | 32 | uname |
 * | 297 | 32 | gname |
 * | 329 | 8 | devmajor |
 * | 337 | 8 | devminor |
 *
 * From offset 345 the dialects differ: ustar has a 155-byte prefix; star a 131-byte prefix,
 * atime, ctime and the trailer "tar\0" at 508; GNU atime, ctime, the multivolume offset, four
 * sparse entries, the "is extended" flag and the real size of a sparse file.
 */

/** A fixed-width field of a header block. */
export interface Field {
  readonly offset: number;
  readonly length: number;
}

/** Tar moves in blocks of 512 bytes: headers, extension data and file data are padded to it. */
export const BLOCK_SIZE = 512;

export const NAME_FIELD: Field = { offset: 0, length: 100 };
export const MODE_FIELD: Field = { offset: 100, length: 8 };
export const UID_FIELD: Field = { offset: 108, length: 8 };
export const GID_FIELD: Field = { offset: 116, length: 8 };
export const SIZE_FIELD: Field = { offset: 124, length: 12 };
export const MTIME_FIELD: Field = { offset: 136, length: 12 };
export const CHECKSUM_FIELD: Field = { offset: 148, length: 8 };
export const TYPEFLAG_OFFSET = 156;
export const LINKNAME_FIELD: Field = { offset: 157, length: 100 };
export const MAGIC_FIELD: Field = { offset: 257, length: 6 };
export const VERSION_FIELD: Field = { offset: 263, length: 2 };
export const UNAME_FIELD: Field = { offset: 265, length: 32 };
export const GNAME_FIELD: Field = { offset: 297, length: 32 };
export const DEVMAJOR_FIELD: Field = { offset: 329, length: 8 };
export const DEVMINOR_FIELD: Field = { offset: 337, length: 8 };

/** ustar (and pax): the directory part of a long name, joined to the name with '/'. */
export const USTAR_PREFIX_FIELD: Field = { offset: 345, length: 155 };

/** star: a shorter prefix, then access and change times, then the trailer. */
export const STAR_PREFIX_FIELD: Field = { offset: 345, length: 131 };
export const STAR_ATIME_FIELD: Field = { offset: 476, length: 12 };
export const STAR_CTIME_FIELD: Field = { offset: 488, length: 12 };
export const STAR_TRAILER_FIELD: Field = { offset: 508, length: 4 };

/** GNU: access and change times (set by incremental dumps). */
export const GNU_ATIME_FIELD: Field = { offset: 345, length: 12 };
export const GNU_CTIME_FIELD: Field = { offset: 357, length: 12 };
/** GNU old sparse format: entries of (offset, length), each number a 12-byte field. */
export const GNU_SPARSE_ENTRIES_OFFSET = 386;
export const GNU_SPARSE_ENTRY_COUNT = 4;
export const GNU_IS_EXTENDED_OFFSET = 482;
export const GNU_REAL_SIZE_FIELD: Field = { offset: 483, length: 12 };
/** One sparse entry: an offset field then a length field. */
export const SPARSE_NUMBER_LENGTH = 12;
export const SPARSE_ENTRY_LENGTH = 2 * SPARSE_NUMBER_LENGTH;
/** A GNU sparse extension block (follows an 'S' header whose "is extended" byte is set). */
export const SPARSE_EXTENSION_ENTRY_COUNT = 21;
export const SPARSE_EXTENSION_IS_EXTENDED_OFFSET = 504;

/** Magic and version values, as bytes. */
export const USTAR_MAGIC = Uint8Array.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x00]); // "ustar\0"
export const USTAR_VERSION = Uint8Array.from([0x30, 0x30]); // "00"
export const GNU_MAGIC = Uint8Array.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x20]); // "ustar "
export const GNU_VERSION = Uint8Array.from([0x20, 0x00]); // " \0"
export const STAR_TRAILER = Uint8Array.from([0x74, 0x61, 0x72, 0x00]); // "tar\0"

/** Typeflag bytes. */
export const TYPE_REGULAR = 0x30; // '0'
export const TYPE_REGULAR_OLD = 0x00; // NUL: pre-POSIX regular file (or directory if the name ends in '/')
export const TYPE_HARDLINK = 0x31; // '1'
export const TYPE_SYMLINK = 0x32; // '2'
export const TYPE_CHAR = 0x33; // '3'
export const TYPE_BLOCK = 0x34; // '4'
export const TYPE_DIRECTORY = 0x35; // '5'
export const TYPE_FIFO = 0x36; // '6'
export const TYPE_CONTIGUOUS = 0x37; // '7'
export const TYPE_PAX_LOCAL = 0x78; // 'x'
export const TYPE_PAX_GLOBAL = 0x67; // 'g'
export const TYPE_GNU_LONG_NAME = 0x4c; // 'L'
export const TYPE_GNU_LONG_LINK = 0x4b; // 'K'
export const TYPE_GNU_SPARSE = 0x53; // 'S'

/** Largest value of an octal field of `length` bytes written with a trailing NUL. */
export function octalFieldMax(length: number): number {
  return OCTAL_MAX[length] ?? 8 ** (length - 1) - 1;
}

/** octalFieldMax of the lengths ustar's numeric fields have, computed once (headers are written per file). */
const OCTAL_MAX: readonly number[] = Array.from({ length: 13 }, (_, length) => 8 ** (length - 1) - 1);

/** True when `block` holds `expected` at `offset`. */
export function bytesAt(block: Uint8Array, offset: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) if (block[offset + i] !== expected[i]) return false;
  return true;
}

/** True when every byte is zero. */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
