/** One entry of a directory tree, as cairn's directory walker describes it. */
export interface TreeEntry {
    /** Relative, '/'-separated, no leading './' or '/', no trailing slash (also for directories). */
    path: string;
    type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
    /** Permission bits plus setuid, setgid and sticky (at most 0o7777). */
    mode: number;
    uid: number;
    gid: number;
    /** Whole seconds since the epoch; may be negative. */
    mtime: number;
    /** Bytes of content; read for files only (other types carry no data and their size is ignored). */
    size: number;
    /** Symlink target, or for a hard link the path of the entry it links to. */
    linkname?: string;
    /** Device numbers, for char and block devices. */
    devmajor?: number;
    devminor?: number;
    xattrs?: Record<string, Uint8Array>;
}
/** Two zero blocks: the end-of-archive marker. Shared: do not write into it. */
export declare const END_OF_ARCHIVE: Uint8Array;
/** Name of every PAX extended header this writer emits. */
export declare const PAX_HEADER_NAME = "././@PaxHeader";
/** Orders entries as cairn writes them: by the UTF-8 bytes of their paths. */
export declare function compareTreePaths(a: string, b: string): number;
/** Zeros from `size` bytes of data to the next 512-byte boundary. */
export declare function paddingAfter(size: number): Uint8Array;
/**
 * The framing that goes before an entry's data: a PAX header with its padded records when
 * needed, then the ustar header block. Throws TypeError/RangeError for an entry cairn's
 * walker could not have produced (bad path, missing link target, out-of-range numbers).
 */
export declare function encodeEntryHeader(entry: TreeEntry): Uint8Array;
/**
 * What a header says, already checked and encoded: the lower half of `encodeEntryHeader`,
 * for writers that keep more of an original header than a directory walk has (owner names,
 * a PAX time's own text, name bytes that are not UTF-8).
 */
export interface HeaderFields {
    /** Name bytes as written (a directory's with its trailing '/'). */
    name: Uint8Array;
    /** Link target bytes; empty for entries that are not links. */
    link: Uint8Array;
    typeflag: number;
    mode: number;
    uid: number;
    gid: number;
    size: number;
    /** Whole seconds. */
    mtime: number;
    /** Owner names: in the ustar fields when they fit (32 bytes, ASCII), else as PAX records. */
    uname?: string;
    gname?: string;
    /** A PAX `mtime`/`atime` record's text, copied as is (fractions of a second survive). */
    mtimeText?: string;
    atimeText?: string;
    devmajor: number;
    devminor: number;
    /** Extended attributes in the order they are written. */
    xattrs: [string, Uint8Array][];
}
/**
 * The ustar block, preceded by a PAX 'x' header when the block cannot say everything.
 * Records in this order, each only as needed: path, linkpath, size, uid, gid, uname, gname,
 * mtime, atime, then SCHILY.xattr.NAME in the order given.
 */
export declare function encodeHeaderBlocks(fields: HeaderFields): Uint8Array;
