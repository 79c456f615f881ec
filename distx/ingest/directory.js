/**
 * Directories as layers: a tree becomes a one-layer image whose layer is the deterministic tar
 * of the tree — entries sorted byte-wise by path (so a directory comes before its contents),
 * PAX format as written by tar/tree-writer.ts, numeric owners, integer mtimes. The tar is never
 * written out: `directoryLayerParts` yields its framing and file payloads as they are read,
 * and ingest and the reports consume those parts (same bytes, same DiffID, either way).
 *
 * Kept: regular files, directories, symlinks (target verbatim), hardlinks (later paths of one
 * inode become links to the first), character and block devices, fifos, modes (with setuid,
 * setgid, sticky), owners, mtimes, and xattrs where `getfattr` can read them. Skipped with a
 * warning: sockets (tar cannot hold them). An unreadable file, or one whose size changes while
 * it is read, is a BadInputError naming it (an ingest then stores nothing).
 */
import { spawnSync } from 'node:child_process';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { fsReason } from '../fs-errors.js';
import { encodeEntryHeader, paddingAfter, END_OF_ARCHIVE } from '../tar/index.js';
import { FingerprintBuilder, nowNs } from './files-cache.js';
import { ReadAhead } from './read-ahead.js';
async function walk(root) {
    const out = [];
    async function visit(rel, abs) {
        let names;
        try {
            names = await readdir(abs);
        }
        catch (cause) {
            throw new BadInputError(`cannot read directory ${abs}: ${fsReason(cause)}`, { path: abs, cause });
        }
        // lstat the whole directory at once: the file system's latency overlaps.
        const children = await Promise.all(names.map(async (name) => {
            const childAbs = join(abs, name);
            try {
                return { path: rel ? `${rel}/${name}` : name, abs: childAbs, stats: await lstat(childAbs, { bigint: true }) };
            }
            catch (cause) {
                throw new BadInputError(`cannot read ${childAbs}: ${fsReason(cause)}`, { path: childAbs, cause });
            }
        }));
        for (const child of children) {
            out.push(child);
            if (child.stats.isDirectory())
                await visit(child.path, child.abs);
        }
    }
    await visit('', root);
    // Byte-wise order (compareTreePaths), each path encoded once rather than per comparison.
    const keyed = out.map((found) => ({ found, key: Buffer.from(found.path, 'utf8') }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    return keyed.map((k) => k.found);
}
/**
 * One walk serves an ingest twice: directoryInputBytes (progress totals, before reading) leaves
 * its walk here and the plan that follows takes it, with the time taken before its first stat.
 */
const lastWalk = new Map();
function walkOnce(root, keep) {
    const kept = lastWalk.get(root);
    if (kept)
        lastWalk.delete(root);
    if (kept && !keep)
        return kept;
    const fresh = { startedNs: nowNs(), found: walk(root) };
    if (keep)
        lastWalk.set(root, fresh);
    return fresh;
}
/** xattrs of every path in the tree, read with one `getfattr` run (none if it is missing). */
function readXattrs(root, warn) {
    const result = new Map();
    const run = spawnSync('getfattr', ['-R', '-h', '-d', '-m', '-', '-e', 'base64', '--absolute-names', root], { maxBuffer: 1 << 30 });
    if (run.error) {
        warn('getfattr not found: extended attributes are not kept (install the attr package)');
        return result;
    }
    let current;
    for (const line of run.stdout.toString('latin1').split('\n')) {
        if (line.startsWith('# file: ')) {
            const path = Buffer.from(line.slice(8).replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8))), 'latin1').toString('utf8');
            current = {};
            result.set(resolve(path), current);
        }
        else if (current && line.includes('=')) {
            const at = line.indexOf('=');
            const key = line.slice(0, at);
            const value = line.slice(at + 1);
            current[key] = value.startsWith('0s') ? Buffer.from(value.slice(2), 'base64') : Buffer.from(value.replace(/^"|"$/g, ''), 'latin1');
        }
    }
    return result;
}
function deviceNumbers(rdevBig) {
    const rdev = Number(rdevBig);
    return { devmajor: (rdev >>> 8) & 0xfff, devminor: (rdev & 0xff) | ((rdev >>> 12) & 0xfff00) };
}
/**
 * A file's data, checked against the size its header announced: a file that grows or shrinks
 * while it is read would make the tar wrong, so it fails here, naming the file.
 */
async function* exactly(source, expected, path) {
    let seen = 0;
    for await (const piece of source) {
        seen += piece.length;
        if (seen > expected)
            throw new BadInputError(`${path} changed while being read (read ${seen} bytes, expected ${expected})`, { path });
        yield piece;
    }
    if (seen !== expected)
        throw new BadInputError(`${path} changed while being read (read ${seen} bytes, expected ${expected})`, { path });
}
/** The real path of a directory input (a root given as a symlink is followed; paths inside are not). */
async function directoryRoot(dir) {
    const root = await realpath(resolve(dir)).catch((cause) => {
        throw new BadInputError(`cannot read ${dir}: ${fsReason(cause)}`, { path: dir, cause });
    });
    const info = await stat(root).catch((cause) => {
        throw new BadInputError(`cannot read ${dir}: ${fsReason(cause)}`, { path: dir, cause });
    });
    if (!info.isDirectory())
        throw new BadInputError(`not a directory: ${dir}`, { path: dir });
    return root;
}
/** The bytes `directoryLayerParts` reads from `dir`: its regular files' sizes, each inode once. */
export async function directoryInputBytes(dir) {
    const inodes = new Set();
    let total = 0;
    for (const { stats } of await walkOnce(await directoryRoot(dir), true).found) {
        if (!stats.isFile())
            continue;
        if (stats.nlink > 1n) {
            const inode = `${stats.dev}:${stats.ino}`;
            if (inodes.has(inode))
                continue;
            inodes.add(inode);
        }
        total += Number(stats.size);
    }
    return total;
}
/** Floor division of nanoseconds to whole seconds (as Math.floor(mtimeMs / 1000) does). */
function seconds(ns) {
    const q = ns / 1000000000n;
    return Number(ns % 1000000000n < 0n ? q - 1n : q);
}
/**
 * Walks a directory once: every tar entry it will give, and the fingerprint the files cache
 * compares (files-cache.ts). Skipped things (sockets, xattrs without getfattr) go to `onWarning`.
 */
export async function planDirectory(dir, options = {}) {
    const root = await directoryRoot(dir);
    const warn = (message) => options.onWarning?.(message);
    const walked = walkOnce(root, false);
    const fingerprint = new FingerprintBuilder(root, walked.startedNs);
    const found = await walked.found;
    const xattrs = readXattrs(root, warn);
    const inodes = new Map();
    const entries = [];
    for (const f of found) {
        const s = f.stats;
        const base = {
            path: f.path,
            mode: Number(s.mode) & 0o7777,
            uid: Number(s.uid),
            gid: Number(s.gid),
            mtime: seconds(s.mtimeNs),
            size: 0,
        };
        const attrs = xattrs.get(f.abs);
        if (attrs && Object.keys(attrs).length > 0)
            base.xattrs = attrs;
        let entry;
        if (s.isFile()) {
            const inode = `${s.dev}:${s.ino}`;
            const first = s.nlink > 1n ? inodes.get(inode) : undefined;
            if (first !== undefined)
                entry = { ...base, type: 'hardlink', linkname: first };
            else {
                if (s.nlink > 1n)
                    inodes.set(inode, f.path);
                entry = { ...base, type: 'file', size: Number(s.size) };
                fingerprint.file(s);
            }
        }
        else if (s.isDirectory())
            entry = { ...base, type: 'dir' };
        else if (s.isSymbolicLink())
            entry = { ...base, type: 'symlink', linkname: await readlink(f.abs) };
        else if (s.isCharacterDevice())
            entry = { ...base, type: 'char', ...deviceNumbers(s.rdev) };
        else if (s.isBlockDevice())
            entry = { ...base, type: 'block', ...deviceNumbers(s.rdev) };
        else if (s.isFIFO())
            entry = { ...base, type: 'fifo' };
        else {
            warn(`skipped ${f.abs}: sockets cannot be stored in a tar`);
            continue;
        }
        const header = encodeEntryHeader(entry);
        fingerprint.header(header);
        entries.push({ entry, abs: f.abs, header });
    }
    return { root, entries, fingerprint: fingerprint.finish() };
}
/**
 * The deterministic tar of a directory tree, as layer parts, read as they are pulled (from
 * `plan` when given: the walk an ingest already made). Things skipped (sockets) and not kept
 * (xattrs without getfattr) are reported through `onWarning`; `onBytes` sees each file's bytes
 * as they are read.
 */
export async function* directoryLayerParts(dir, options = {}) {
    const { entries } = options.plan ?? await planDirectory(dir, options);
    const regular = entries.filter((e) => e.entry.type === 'file');
    const readAhead = new ReadAhead(regular.map((e) => ({ path: e.abs, size: e.entry.size })), options.onBytes);
    const fileIndex = new Map(regular.map((e, i) => [e.abs, i]));
    for (const { entry, abs, header } of entries) {
        yield { kind: 'framing', bytes: header };
        if (entry.type === 'file') {
            const { data, release } = readAhead.read(fileIndex.get(abs));
            yield { kind: 'payload', length: entry.size, data: exactly(data, entry.size, abs), release };
            const padding = paddingAfter(entry.size);
            if (padding.length > 0)
                yield { kind: 'framing', bytes: padding };
        }
    }
    yield { kind: 'framing', bytes: END_OF_ARCHIVE };
}
//# sourceMappingURL=directory.js.map