/**
 * The tar header of one re-layered entry, written from the entry's original header so that
 * what the tree keeps survives: name bytes (verbatim, not re-encoded), mode with setuid,
 * setgid and sticky, numeric owners and their names, mtime (a PAX `mtime` record's text is
 * copied, so fractions of a second come out as they went in), a PAX `atime`, and every
 * extended attribute. Deterministic: the same entry gives the same bytes, whatever layer it
 * lands in, so a layer's tar depends only on its entries.
 *
 * Format: POSIX pax over ustar, written by the tar module's `encodeHeaderBlocks` (the lower
 * half of cairn's directory-layer writer, src/tar/tree-writer.ts), with a PAX 'x' header only
 * when the ustar header cannot say everything: a name or link target over 100 bytes, a size,
 * owner id or mtime out of the octal fields' range, an owner name over 32 bytes or not ASCII,
 * a PAX mtime or atime, or any extended attribute (SCHILY.xattr.NAME, by name).
 */
import { type TarHeader } from '../tar/index.js';
import { type ByteString } from '../rootfs/index.js';
export type EntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';
/** What one entry says; `header` is the original, absent for a directory no entry described. */
export interface EntrySpec {
    /** Cleaned path ('' for the root). */
    path: ByteString;
    type: EntryType;
    header: TarHeader | undefined;
    size: number;
    /** Symlink target or hard link's first name. */
    link?: ByteString;
    devmajor?: number;
    devminor?: number;
}
/** The framing before an entry's data: a PAX header when needed, then the ustar block. */
export declare function encodeEntry(spec: EntrySpec): Buffer;
/** Zeros after `size` bytes of data, to the block boundary. */
export declare function dataPadding(size: number): Buffer;
