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
import { encodeHeaderBlocks } from '../tar/index.js';
import { byteStringBytes } from '../rootfs/index.js';
const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };
const BLOCK = 512;
const ROOT_NAME = Buffer.from('./');
/** Shared zeros: padding is only ever copied from, never written. */
const ZEROS = Buffer.alloc(BLOCK);
/** The framing before an entry's data: a PAX header when needed, then the ustar block. */
export function encodeEntry(spec) {
    const h = spec.header;
    const name = spec.path === '' ? ROOT_NAME : byteStringBytes(spec.type === 'dir' ? spec.path + '/' : spec.path);
    const mtime = h?.mtime ?? 0;
    const framing = encodeHeaderBlocks({
        name,
        link: spec.link === undefined ? Buffer.alloc(0) : byteStringBytes(spec.link),
        typeflag: TYPEFLAG[spec.type].charCodeAt(0),
        mode: h ? h.mode & 0o7777 : 0o755,
        uid: h?.uid ?? 0,
        gid: h?.gid ?? 0,
        size: spec.type === 'file' ? spec.size : 0,
        mtime: Math.floor(mtime),
        uname: h?.uname ?? '',
        gname: h?.gname ?? '',
        mtimeText: h?.pax['mtime'],
        atimeText: h?.pax['atime'],
        devmajor: spec.devmajor ?? 0,
        devminor: spec.devminor ?? 0,
        xattrs: h ? Object.keys(h.xattrs).sort().map((key) => [key, Buffer.from(h.xattrs[key])]) : [],
    });
    return Buffer.from(framing.buffer, framing.byteOffset, framing.byteLength);
}
/** Zeros after `size` bytes of data, to the block boundary. */
export function dataPadding(size) {
    return ZEROS.subarray(0, (BLOCK - (size % BLOCK)) % BLOCK);
}
//# sourceMappingURL=entry-header.js.map