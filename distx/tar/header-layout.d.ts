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
export declare const BLOCK_SIZE = 512;
export declare const NAME_FIELD: Field;
export declare const MODE_FIELD: Field;
export declare const UID_FIELD: Field;
export declare const GID_FIELD: Field;
export declare const SIZE_FIELD: Field;
export declare const MTIME_FIELD: Field;
export declare const CHECKSUM_FIELD: Field;
export declare const TYPEFLAG_OFFSET = 156;
export declare const LINKNAME_FIELD: Field;
export declare const MAGIC_FIELD: Field;
export declare const VERSION_FIELD: Field;
export declare const UNAME_FIELD: Field;
export declare const GNAME_FIELD: Field;
export declare const DEVMAJOR_FIELD: Field;
export declare const DEVMINOR_FIELD: Field;
/** ustar (and pax): the directory part of a long name, joined to the name with '/'. */
export declare const USTAR_PREFIX_FIELD: Field;
/** star: a shorter prefix, then access and change times, then the trailer. */
export declare const STAR_PREFIX_FIELD: Field;
export declare const STAR_ATIME_FIELD: Field;
export declare const STAR_CTIME_FIELD: Field;
export declare const STAR_TRAILER_FIELD: Field;
/** GNU: access and change times (set by incremental dumps). */
export declare const GNU_ATIME_FIELD: Field;
export declare const GNU_CTIME_FIELD: Field;
/** GNU old sparse format: entries of (offset, length), each number a 12-byte field. */
export declare const GNU_SPARSE_ENTRIES_OFFSET = 386;
export declare const GNU_SPARSE_ENTRY_COUNT = 4;
export declare const GNU_IS_EXTENDED_OFFSET = 482;
export declare const GNU_REAL_SIZE_FIELD: Field;
/** One sparse entry: an offset field then a length field. */
export declare const SPARSE_NUMBER_LENGTH = 12;
export declare const SPARSE_ENTRY_LENGTH: number;
/** A GNU sparse extension block (follows an 'S' header whose "is extended" byte is set). */
export declare const SPARSE_EXTENSION_ENTRY_COUNT = 21;
export declare const SPARSE_EXTENSION_IS_EXTENDED_OFFSET = 504;
/** Magic and version values, as bytes. */
export declare const USTAR_MAGIC: Uint8Array<ArrayBuffer>;
export declare const USTAR_VERSION: Uint8Array<ArrayBuffer>;
export declare const GNU_MAGIC: Uint8Array<ArrayBuffer>;
export declare const GNU_VERSION: Uint8Array<ArrayBuffer>;
export declare const STAR_TRAILER: Uint8Array<ArrayBuffer>;
/** Typeflag bytes. */
export declare const TYPE_REGULAR = 48;
export declare const TYPE_REGULAR_OLD = 0;
export declare const TYPE_HARDLINK = 49;
export declare const TYPE_SYMLINK = 50;
export declare const TYPE_CHAR = 51;
export declare const TYPE_BLOCK = 52;
export declare const TYPE_DIRECTORY = 53;
export declare const TYPE_FIFO = 54;
export declare const TYPE_CONTIGUOUS = 55;
export declare const TYPE_PAX_LOCAL = 120;
export declare const TYPE_PAX_GLOBAL = 103;
export declare const TYPE_GNU_LONG_NAME = 76;
export declare const TYPE_GNU_LONG_LINK = 75;
export declare const TYPE_GNU_SPARSE = 83;
/** Largest value of an octal field of `length` bytes written with a trailing NUL. */
export declare function octalFieldMax(length: number): number;
/** True when `block` holds `expected` at `offset`. */
export declare function bytesAt(block: Uint8Array, offset: number, expected: Uint8Array): boolean;
/** True when every byte is zero. */
export declare function isAllZero(bytes: Uint8Array): boolean;
