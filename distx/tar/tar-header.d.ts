import { type PaxRecords } from './pax-records.js';
import { type SparseInfo, type SparseRegion } from './sparse-map.js';
/**
 * The dialect of an entry's header: 'pax' is a ustar header with PAX records in force.
 * XXX: no 'oldgnu': GNU tar writes the same magic and header layout for --format=gnu and
 * --format=oldgnu (GNU tar 1.34; they differ only in whether the truncated name beside an 'L'
 * header fills all 100 bytes), so a header cannot say which; both read 'gnu'.
 */
export type TarFormat = 'v7' | 'ustar' | 'gnu' | 'pax' | 'star';
/** One entry of a tar, its extensions applied. */
export interface TarHeader {
    /** Full path after PAX `path`, GNU 'L' and GNU.sparse.name: UTF-8 when valid, else ISO-8859-1. */
    name: string;
    /** The raw bytes of that path. */
    nameBytes: Uint8Array;
    /** Link target after PAX `linkpath` and GNU 'K'; decoded like `name`. */
    linkname: string;
    /**
     * The typeflag as one character; NUL becomes '0', or '5' when the name ends in '/'.
     * Values: '0' file, '1' hard link, '2' symlink, '3' char device, '4' block device,
     * '5' directory, '6' fifo, '7' contiguous file, 'S' GNU sparse, 'D' GNU dump directory,
     * 'V' volume label, 'M' multivolume continuation, or any other byte found there.
     */
    typeflag: string;
    /** The typeflag byte as it is in the header. */
    rawTypeflag: number;
    /**
     * Bytes of data that follow this header in the stream (PAX `size` overrides the field;
     * 0 for links, devices, fifos and directories whatever the field says). For a sparse file,
     * the archived data, not the real size (see `sparse`).
     */
    size: number;
    mode: number;
    uid: number;
    gid: number;
    uname: string;
    gname: string;
    /** Seconds since the epoch; PAX times may carry a fraction; may be negative. */
    mtime: number;
    atime?: number;
    ctime?: number;
    devmajor: number;
    devminor: number;
    /**
     * The PAX records in force: global ones, then this entry's local ones. A record with an
     * empty value is dropped (it restores the header's field), except an extended attribute's.
     */
    pax: Record<string, string>;
    /** Extended attributes from SCHILY.xattr.* (and LIBARCHIVE.xattr.*). */
    xattrs: Record<string, Uint8Array>;
    format: TarFormat;
    /** Set for GNU sparse files (old GNU 'S', PAX 0.0, 0.1 and 1.0). */
    sparse?: SparseInfo;
    /** Offset in the stream of the first framing byte of this entry (its first extension header, if any). */
    headerOffset: number;
}
type Magic = 'v7' | 'ustar' | 'gnu' | 'star';
/** What one header block says on its own, before extensions. */
export interface RawHeader {
    typeflag: number;
    magic: Magic;
    nameBytes: Uint8Array;
    linknameBytes: Uint8Array;
    size: number;
    mode: number;
    uid: number;
    gid: number;
    mtime: number;
    unameBytes: Uint8Array;
    gnameBytes: Uint8Array;
    devmajor: number;
    devminor: number;
    atime?: number;
    ctime?: number;
    /** Old GNU sparse: the header's map entries, whether extension blocks follow, the real size. */
    gnuSparse?: {
        regions: SparseRegion[];
        isExtended: boolean;
        realSize: number;
    };
}
/** Extension data gathered from the headers before an entry. */
export interface PendingExtensions {
    /** Local PAX records of the last 'x' header (a later 'x' replaces an earlier one, as in Go). */
    pax?: PaxRecords;
    /** GNU 'L' data cut at its first NUL. */
    longName?: Uint8Array;
    /** GNU 'K' data cut at its first NUL. */
    longLink?: Uint8Array;
}
/** Parses a header block whose checksum has been verified. Throws BadInputError (without offset) on malformed numbers. */
export declare function parseRawHeader(block: Uint8Array): RawHeader;
/** True for typeflags that never carry data, whatever the size field says. */
export declare function isHeaderOnlyType(typeflag: number): boolean;
/** True when an entry's data is file content (a payload of the layer recipe). */
export declare function isPayloadHeader(header: TarHeader): boolean;
/**
 * Builds the header of an entry from its block, the pending extensions and the global
 * records in force. Throws BadInputError (without offset; the reader adds it) when a value
 * is malformed or the sparse map is inconsistent.
 */
export declare function buildTarHeader(raw: RawHeader, pending: PendingExtensions, globalPax: PaxRecords, headerOffset: number): TarHeader;
export {};
