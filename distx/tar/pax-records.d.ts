/** Records of one extended header by key; a later record with the same key wins. */
export type PaxRecords = Map<string, Uint8Array>;
export declare const PAX_PATH = "path";
export declare const PAX_LINKPATH = "linkpath";
export declare const PAX_SIZE = "size";
export declare const PAX_UID = "uid";
export declare const PAX_GID = "gid";
export declare const PAX_UNAME = "uname";
export declare const PAX_GNAME = "gname";
export declare const PAX_MTIME = "mtime";
export declare const PAX_ATIME = "atime";
export declare const PAX_CTIME = "ctime";
export declare const SCHILY_XATTR_PREFIX = "SCHILY.xattr.";
export declare const LIBARCHIVE_XATTR_PREFIX = "LIBARCHIVE.xattr.";
export declare const GNU_SPARSE_PREFIX = "GNU.sparse.";
export declare const GNU_SPARSE_MAJOR = "GNU.sparse.major";
export declare const GNU_SPARSE_MINOR = "GNU.sparse.minor";
export declare const GNU_SPARSE_NAME = "GNU.sparse.name";
export declare const GNU_SPARSE_SIZE = "GNU.sparse.size";
export declare const GNU_SPARSE_REALSIZE = "GNU.sparse.realsize";
export declare const GNU_SPARSE_NUMBLOCKS = "GNU.sparse.numblocks";
export declare const GNU_SPARSE_OFFSET = "GNU.sparse.offset";
export declare const GNU_SPARSE_NUMBYTES = "GNU.sparse.numbytes";
export declare const GNU_SPARSE_MAP = "GNU.sparse.map";
/** Parses the data of an extended header; throws BadInputError when it is malformed. */
export declare function parsePaxRecords(data: Uint8Array): PaxRecords;
/** A decimal integer with an optional sign (Go's strconv.ParseInt, base 10), within ±2^53. */
export declare function parseDecimal(text: string): number | undefined;
/**
 * A PAX time: decimal seconds with an optional fraction ("1350244992.023960108", "-1.5").
 * Digits beyond nanoseconds are dropped, as Go does. Undefined when malformed.
 */
export declare function parsePaxTime(text: string): number | undefined;
/** The records' values as strings. */
export declare function paxRecordsToObject(records: PaxRecords): Record<string, string>;
/**
 * Extended attributes named by the records: SCHILY.xattr.NAME=raw bytes (GNU tar, star,
 * Go, bsdtar) and LIBARCHIVE.xattr.URL-ENCODED-NAME=base64 (bsdtar). When both name the
 * same attribute the SCHILY value wins; a LIBARCHIVE record that does not decode is left
 * out (it stays visible among the PAX records).
 */
export declare function xattrsFromRecords(records: PaxRecords): Record<string, Uint8Array>;
