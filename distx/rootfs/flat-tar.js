/**
 * `--tar`: the final tree as one flattened, deterministic tar, without touching a file system.
 *
 * The layers are applied to the in-memory tree only (the same rules as for a directory); a
 * regular file's data is not kept, only the digest of its payload, which is the identity of
 * the file recipe the store already holds for it. The tar is then written in the format of
 * tar/tree-writer.ts — the format of cairn's directory layers: entries sorted by the bytes of
 * their paths (so a directory comes before its contents), PAX over ustar, numeric owners —
 * reading each file's content back from the store (every chunk checked against its digest).
 * The first name of an inode in that order carries it; its other names are hard links to
 * that first name.
 *
 * What the format cannot hold, and so does not survive a round trip through `--tar`
 * (each is reported as a warning when it occurs):
 * - the root directory's own metadata (the format has no entry for the root);
 * - fractions of a second in times (whole seconds, rounded down);
 * - holes: a sparse file is written with its holes as zeros;
 * - names and link targets that are not valid UTF-8 (written as their ISO-8859-1 reading).
 */
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { BadInputError, CorruptDataError } from '../errors.js';
import { compareTreePaths, encodeEntryHeader, END_OF_ARCHIVE, paddingAfter } from '../tar/index.js';
import { displayPath } from './byte-paths.js';
import { expandSparse, placeFileData } from './file-data.js';
import { implicitDirMetadata } from './tree.js';
/** The tree's mirror and sink for `--tar`: nothing on disk, a payload digest per file. */
export class ContentIndex {
    mkdir() { }
    remove() { }
    link() { }
    symlink() { }
    special() { }
    async writeFile(_path, inode, header, data) {
        const hash = createHash('sha256');
        const placed = await placeFileData(header, data, () => { }, (piece) => hash.update(piece));
        inode.size = placed.size;
        inode.content = { digest: hash.digest('hex'), payloadSize: placed.payloadSize };
        if (placed.sparse)
            inode.content.sparse = placed.sparse;
    }
}
/** Bytes gathered before one write to the output. */
const WRITE_BATCH = 1 << 20;
class BatchedWriter {
    handle;
    #pieces = [];
    #length = 0;
    bytes = 0;
    constructor(handle) {
        this.handle = handle;
    }
    async write(piece) {
        this.#pieces.push(piece);
        this.#length += piece.length;
        this.bytes += piece.length;
        if (this.#length >= WRITE_BATCH)
            await this.flush();
    }
    async flush() {
        if (this.#length === 0)
            return;
        const batch = Buffer.concat(this.#pieces, this.#length);
        this.#pieces = [];
        this.#length = 0;
        await this.handle.write(batch, 0, batch.length);
    }
}
function sameMetadata(a, b) {
    return a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.mtime === b.mtime && a.xattrs.size === 0 && b.xattrs.size === 0;
}
function xattrRecord(meta) {
    if (meta.xattrs.size === 0)
        return undefined;
    return Object.fromEntries(meta.xattrs);
}
/**
 * Writes the tree as a tar at `file` (through a temporary file renamed into place). Returns
 * the bytes written.
 */
export async function writeFlatTar(tree, source, file, warnings) {
    if (tree.root.explicit && !sameMetadata(tree.root.meta, implicitDirMetadata())) {
        warnings.add('tar-root', 'the root directory\'s own owner, mode, times and xattrs are not kept in a flattened tar (it has no entry for the root)');
    }
    const items = [];
    for (const item of tree.walk()) {
        if (item.path === '')
            continue;
        const path = displayPath(item.path);
        if (Buffer.from(path, 'utf8').toString('latin1') !== item.path)
            warnings.add('tar-name', `the name ${JSON.stringify(path)} is not valid UTF-8: the flattened tar holds its ISO-8859-1 reading`);
        items.push({ path, node: item.node });
    }
    items.sort((a, b) => compareTreePaths(a.path, b.path));
    const partial = `${file}.cairn-partial-${process.pid}`;
    const handle = await open(partial, 'wx').catch((cause) => {
        throw new BadInputError(`cannot write ${file}: ${cause.message}`, { path: file, cause });
    });
    const out = new BatchedWriter(handle);
    try {
        const firstName = new Map();
        for (const { path, node } of items) {
            const meta = node.kind === 'dir' ? node.meta : node.inode.meta;
            if (!Number.isInteger(meta.mtime))
                warnings.add('tar-time', `fractions of a second are not kept in a flattened tar (first on ${JSON.stringify(path)})`);
            const base = { path, mode: meta.mode, uid: meta.uid, gid: meta.gid, mtime: Math.floor(meta.mtime), size: 0, xattrs: xattrRecord(meta) };
            if (node.kind === 'dir') {
                await out.write(header({ ...base, type: 'dir' }));
                continue;
            }
            const inode = node.inode;
            const first = firstName.get(inode);
            if (first !== undefined) {
                await out.write(header({ ...base, type: 'hardlink', linkname: first, xattrs: undefined }));
                continue;
            }
            firstName.set(inode, path);
            switch (inode.kind) {
                case 'file':
                    await out.write(header({ ...base, type: 'file', size: inode.size }));
                    await writeContent(out, source, inode, path, warnings);
                    await out.write(paddingAfter(inode.size));
                    break;
                case 'symlink':
                    await out.write(header({ ...base, type: 'symlink', linkname: displayPath(inode.target) }));
                    break;
                case 'fifo':
                    await out.write(header({ ...base, type: 'fifo' }));
                    break;
                default:
                    await out.write(header({ ...base, type: inode.kind, devmajor: inode.devmajor, devminor: inode.devminor }));
            }
        }
        await out.write(END_OF_ARCHIVE);
        await out.flush();
        await handle.sync();
        await handle.close();
        await rename(partial, file);
        return out.bytes;
    }
    catch (error) {
        await handle.close().catch(() => undefined);
        await rm(partial, { force: true });
        throw error;
    }
}
function header(entry) {
    if (entry.xattrs === undefined)
        delete entry.xattrs;
    try {
        return encodeEntryHeader(entry);
    }
    catch (cause) {
        throw new BadInputError(`cannot write ${JSON.stringify(entry.path)} to a flattened tar: ${cause.message}`, { path: entry.path, cause });
    }
}
async function writeContent(out, source, inode, path, warnings) {
    if (inode.size === 0)
        return;
    const content = inode.content;
    const payload = source.readFile('sha256:' + content.digest);
    let stream = payload;
    if (content.sparse) {
        warnings.add('tar-sparse', `sparse files are written with their holes filled in a flattened tar (first: ${JSON.stringify(path)})`);
        stream = expandSparse(payload, content.sparse);
    }
    let written = 0;
    for await (const piece of stream) {
        written += piece.length;
        if (written > inode.size)
            break;
        await out.write(piece);
    }
    if (written !== inode.size) {
        throw new CorruptDataError(`content of ${JSON.stringify(path)} (file sha256:${content.digest}) is ${written} bytes where ${inode.size} were expected`, { digest: 'sha256:' + content.digest, path });
    }
}
//# sourceMappingURL=flat-tar.js.map