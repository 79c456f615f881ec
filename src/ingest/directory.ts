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
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readlink, realpath, stat } from 'node:fs/promises';
import { lstatSync, readdirSync, type BigIntStats } from 'node:fs';
import { resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { fsReason } from '../fs-errors.js';
import { compareTreePaths, encodeEntryHeader, paddingAfter, END_OF_ARCHIVE, type TreeEntry } from '../tar/index.js';
import { FingerprintBuilder, filePath, nowNs, pathUnder, type InputFingerprint } from './files-cache.js';
import type { LayerPart } from './layer-parts.js';
import { ReadAhead } from './read-ahead.js';

/**
 * An entry of the walk: its path and the parts of its lstat that the tar and the files cache
 * use, nothing more. A tree of 139,000 entries (/usr) is held whole until its tar is cut, so
 * what each costs counts: a BigIntStats is some 700 bytes of heap, this about 200.
 */
interface Found {
  /** Relative, '/'-separated. */
  path: string;
  /** The S_IFMT bits and the permission bits, as st_mode. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  nlink: number;
  rdev: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** `dev:ino`, exact (both may exceed 2^53). */
  inode: string;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const S_IFIFO = 0o010000;

/**
 * Every entry under `root`, with its lstat. Synchronous calls: on a tree whose metadata the
 * kernel has cached (a second ingest, a tree just written) a walk of 12,000 entries took
 * 160-185 ms against 355-645 ms with a promise per lstat (all of a directory's at once).
 */
function walk(root: string): Found[] {
  const out: Found[] = [];
  function visit(rel: string, abs: string): void {
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (cause) {
      throw new BadInputError(`cannot read directory ${abs}: ${fsReason(cause)}`, { path: abs, cause });
    }
    for (const name of names) {
      // Concatenated, not path.join: a name from readdir has no slash to normalize, and join cost an allocation or three per entry.
      const childAbs = abs === '/' ? `/${name}` : `${abs}/${name}`;
      let stats: BigIntStats;
      try {
        stats = lstatSync(childAbs, { bigint: true });
      } catch (cause) {
        throw new BadInputError(`cannot read ${childAbs}: ${fsReason(cause)}`, { path: childAbs, cause });
      }
      // Joined by Array#join, which makes a flat string: `${rel}/${name}` makes a rope, 32 bytes more per entry held.
      const path = rel ? [rel, name].join('/') : name;
      out.push({
        path, mode: Number(stats.mode), uid: Number(stats.uid), gid: Number(stats.gid), size: Number(stats.size), nlink: Number(stats.nlink),
        rdev: Number(stats.rdev), mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, inode: `${stats.dev}:${stats.ino}`,
      });
      if (stats.isDirectory()) visit(path, childAbs);
    }
  }
  visit('', root);
  return out.sort((a, b) => compareTreePaths(a.path, b.path));
}

/**
 * One walk serves an ingest twice: directoryInputBytes (progress totals, before reading) leaves
 * its walk here and the plan that follows takes it, with the time taken before its first stat.
 */
const lastWalk = new Map<string, Walked>();

/** A walk, and what `getfattr` printed for the same tree (run beside the walk: started first). */
interface Walked {
  startedNs: bigint;
  found: Found[];
  attributes: Promise<Buffer | undefined>;
}

function walkOnce(root: string, keep: boolean): Walked {
  const kept = lastWalk.get(root);
  if (kept) lastWalk.delete(root);
  if (kept && !keep) return kept;
  const attributes = getfattrOutput(root);
  const fresh = { startedNs: nowNs(), found: walk(root), attributes };
  if (keep) lastWalk.set(root, fresh);
  return fresh;
}

/** What `getfattr` printed for the tree, or undefined when it cannot be run. */
function getfattrOutput(root: string): Promise<Buffer | undefined> {
  return new Promise((done) => {
    const child = spawn('getfattr', ['-R', '-h', '-d', '-m', '-', '-e', 'base64', '--absolute-names', root], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pieces: Buffer[] = [];
    child.stdout.on('data', (piece: Buffer) => pieces.push(piece));
    child.on('error', () => done(undefined));
    child.on('close', () => done(Buffer.concat(pieces)));
  });
}

/** xattrs of every path in the tree, from one `getfattr` run's output (none if it is missing). */
function parseXattrs(output: Buffer | undefined, warn: (message: string) => void): Map<string, Record<string, Uint8Array>> {
  const result = new Map<string, Record<string, Uint8Array>>();
  if (output === undefined) {
    warn('getfattr not found: extended attributes are not kept (install the attr package)');
    return result;
  }
  let current: Record<string, Uint8Array> | undefined;
  for (const line of output.toString('latin1').split('\n')) {
    if (line.startsWith('# file: ')) {
      const path = Buffer.from(line.slice(8).replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))), 'latin1').toString('utf8');
      current = {};
      result.set(resolve(path), current);
    } else if (current && line.includes('=')) {
      const at = line.indexOf('=');
      const key = line.slice(0, at);
      const value = line.slice(at + 1);
      current[key] = value.startsWith('0s') ? Buffer.from(value.slice(2), 'base64') : Buffer.from(value.replace(/^"|"$/g, ''), 'latin1');
    }
  }
  return result;
}

function deviceNumbers(rdev: number): { devmajor: number; devminor: number } {
  return { devmajor: (rdev >>> 8) & 0xfff, devminor: (rdev & 0xff) | ((rdev >>> 12) & 0xfff00) };
}

/**
 * A file's data, checked against the size its header announced: a file that grows or shrinks
 * while it is read would make the tar wrong, so it fails here, naming the file. With `digest`,
 * its sha256 (hex) goes there as its last byte goes by (a reader of a payload stops once it has
 * its length, without asking for more).
 */
async function* exactly(source: AsyncIterable<Uint8Array>, expected: number, path: string, digest?: (hex: string) => void): AsyncGenerator<Uint8Array> {
  const hash = digest && createHash('sha256');
  if (hash && expected === 0) digest!(hash.digest('hex'));
  let seen = 0;
  for await (const piece of source) {
    seen += piece.length;
    if (seen > expected) throw new BadInputError(`${path} changed while being read (read ${seen} bytes, expected ${expected})`, { path });
    if (hash) {
      hash.update(piece);
      if (seen === expected) digest!(hash.digest('hex'));
    }
    yield piece;
  }
  if (seen !== expected) throw new BadInputError(`${path} changed while being read (read ${seen} bytes, expected ${expected})`, { path });
}

/** The real path of a directory input (a root given as a symlink is followed; paths inside are not). */
async function directoryRoot(dir: string): Promise<string> {
  const root = await realpath(resolve(dir)).catch((cause: unknown) => {
    throw new BadInputError(`cannot read ${dir}: ${fsReason(cause)}`, { path: dir, cause });
  });
  const info = await stat(root).catch((cause: unknown) => {
    throw new BadInputError(`cannot read ${dir}: ${fsReason(cause)}`, { path: dir, cause });
  });
  if (!info.isDirectory()) throw new BadInputError(`not a directory: ${dir}`, { path: dir });
  return root;
}

/** The bytes `directoryLayerParts` reads from `dir`: its regular files' sizes, each inode once. */
export async function directoryInputBytes(dir: string): Promise<number> {
  const inodes = new Set<string>();
  let total = 0;
  for (const found of walkOnce(await directoryRoot(dir), true).found) {
    if ((found.mode & S_IFMT) !== S_IFREG) continue;
    if (found.nlink > 1) {
      if (inodes.has(found.inode)) continue;
      inodes.add(found.inode);
    }
    total += found.size;
  }
  return total;
}

/**
 * A directory as read once: its tar entries in order and its fingerprint. Each entry's header
 * is made again when the tar is cut (held for every entry of a large tree, the headers would
 * cost more than the entries: 49 MB for the 72,000 of /usr/lib); its regular files are the
 * fingerprint's files, in the same order (filePath gives their real paths).
 */
export interface DirectoryPlan {
  root: string;
  entries: TreeEntry[];
  fingerprint: InputFingerprint;
}

/** Floor division of nanoseconds to whole seconds (as Math.floor(mtimeMs / 1000) does). */
function seconds(ns: bigint): number {
  const q = ns / 1_000_000_000n;
  return Number(ns % 1_000_000_000n < 0n ? q - 1n : q);
}

/**
 * Walks a directory once: every tar entry it will give, and the fingerprint the files cache
 * compares (files-cache.ts). Skipped things (sockets, xattrs without getfattr) go to `onWarning`.
 */
export async function planDirectory(dir: string, options: { onWarning?: (message: string) => void } = {}): Promise<DirectoryPlan> {
  const root = await directoryRoot(dir);
  const warn = (message: string): void => options.onWarning?.(message);
  const walked = walkOnce(root, false);
  const fingerprint = new FingerprintBuilder(root, walked.startedNs, root);
  const xattrs = parseXattrs(await walked.attributes, warn);
  const inodes = new Map<string, string>();
  const entries: TreeEntry[] = [];
  // Taken from the end of the reversed walk, each found entry is let go once its tar entry is made.
  const found = walked.found.reverse();
  for (let f = found.pop(); f !== undefined; f = found.pop()) {
    // Every entry built with the same shape: one hidden class for all (a spread of a common base gave each its own, 270 bytes per entry).
    const format = f.mode & S_IFMT;
    const entry: TreeEntry = { path: f.path, type: 'file', mode: f.mode & 0o7777, uid: f.uid, gid: f.gid, mtime: seconds(f.mtimeNs), size: 0 };
    if (format === S_IFREG) {
      const first = f.nlink > 1 ? inodes.get(f.inode) : undefined;
      if (first !== undefined) {
        entry.type = 'hardlink';
        entry.linkname = first;
      } else {
        if (f.nlink > 1) inodes.set(f.inode, f.path);
        entry.size = f.size;
        const [dev, ino] = f.inode.split(':') as [string, string];
        fingerprint.file({ size: f.size, mtimeNs: f.mtimeNs, ctimeNs: f.ctimeNs, ino, dev }, f.path);
      }
    } else if (format === S_IFDIR) entry.type = 'dir';
    else if (format === S_IFLNK) {
      entry.type = 'symlink';
      entry.linkname = await readlink(pathUnder(root, f.path));
    } else if (format === S_IFCHR || format === S_IFBLK) {
      entry.type = format === S_IFCHR ? 'char' : 'block';
      const { devmajor, devminor } = deviceNumbers(f.rdev);
      entry.devmajor = devmajor;
      entry.devminor = devminor;
    } else if (format === S_IFIFO) entry.type = 'fifo';
    else {
      warn(`skipped ${pathUnder(root, f.path)}: sockets cannot be stored in a tar`);
      continue;
    }
    const attrs = xattrs.size > 0 ? xattrs.get(pathUnder(root, f.path)) : undefined;
    if (attrs && Object.keys(attrs).length > 0) entry.xattrs = attrs;
    fingerprint.header(encodeEntryHeader(entry));
    entries.push(entry);
  }
  return { root, entries, fingerprint: fingerprint.finish() };
}

/**
 * The deterministic tar of a directory tree, as layer parts, read as they are pulled (from
 * `plan` when given: the walk an ingest already made). Things skipped (sockets) and not kept
 * (xattrs without getfattr) are reported through `onWarning`; `onBytes` sees each file's bytes
 * as they are read. With `transient` (a consumer that lets go of a payload's pieces before it
 * asks for the next), large files are read into one reused buffer and their parts say so.
 */
export async function* directoryLayerParts(
  dir: string, options: { onWarning?: (message: string) => void; onBytes?: (bytes: number) => void; plan?: DirectoryPlan; transient?: boolean } = {},
): AsyncGenerator<LayerPart> {
  const { entries, fingerprint } = options.plan ?? await planDirectory(dir, options);
  // The plan's regular files are the fingerprint's files, in the same order.
  const racy = new Set(fingerprint.racy);
  const readAhead = new ReadAhead((i) => filePath(fingerprint, i), entries.filter((e) => e.type === 'file').map((e) => e.size), options.onBytes, options.transient);
  let index = 0;
  for (const entry of entries) {
    yield { kind: 'framing', bytes: encodeEntryHeader(entry) };
    if (entry.type === 'file') {
      const file = index++;
      const abs = filePath(fingerprint, file);
      const { data, release, transient } = readAhead.read(file);
      // A racy file's bytes are hashed as read: the files cache checks them next time (files-cache.ts).
      const digest = racy.has(file) ? (hex: string) => fingerprint.racyDigests.set(file, hex) : undefined;
      yield { kind: 'payload', length: entry.size, data: exactly(data, entry.size, abs, digest), release, ...(transient ? { transient } : {}) };
      const padding = paddingAfter(entry.size);
      if (padding.length > 0) yield { kind: 'framing', bytes: padding };
    }
  }
  yield { kind: 'framing', bytes: END_OF_ARCHIVE };
}

