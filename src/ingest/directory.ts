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
import { join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { fsReason } from '../fs-errors.js';
import { encodeEntryHeader, paddingAfter, END_OF_ARCHIVE, type TreeEntry } from '../tar/index.js';
import { FingerprintBuilder, nowNs, type InputFingerprint } from './files-cache.js';
import type { LayerPart } from './layer-parts.js';
import { ReadAhead } from './read-ahead.js';

interface Found {
  path: string; // relative, '/'-separated
  abs: string;
  stats: BigIntStats;
}

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
      const childAbs = join(abs, name);
      let stats: BigIntStats;
      try {
        stats = lstatSync(childAbs, { bigint: true });
      } catch (cause) {
        throw new BadInputError(`cannot read ${childAbs}: ${fsReason(cause)}`, { path: childAbs, cause });
      }
      const child = { path: rel ? `${rel}/${name}` : name, abs: childAbs, stats };
      out.push(child);
      if (stats.isDirectory()) visit(child.path, child.abs);
    }
  }
  visit('', root);
  // Byte-wise order (compareTreePaths), each path encoded once rather than per comparison.
  const keyed = out.map((found) => ({ found, key: Buffer.from(found.path, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((k) => k.found);
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

function deviceNumbers(rdevBig: bigint): { devmajor: number; devminor: number } {
  const rdev = Number(rdevBig);
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
  for (const { stats } of walkOnce(await directoryRoot(dir), true).found) {
    if (!stats.isFile()) continue;
    if (stats.nlink > 1n) {
      const inode = `${stats.dev}:${stats.ino}`;
      if (inodes.has(inode)) continue;
      inodes.add(inode);
    }
    total += Number(stats.size);
  }
  return total;
}

/** A directory as read once: its tar entries in order (headers made from one walk) and its fingerprint. */
export interface DirectoryPlan {
  root: string;
  entries: { entry: TreeEntry; abs: string; header: Uint8Array }[];
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
  const fingerprint = new FingerprintBuilder(root, walked.startedNs);
  const found = walked.found;
  const xattrs = parseXattrs(await walked.attributes, warn);
  const inodes = new Map<string, string>();
  const entries: DirectoryPlan['entries'] = [];
  for (const f of found) {
    const s = f.stats;
    const base: Omit<TreeEntry, 'type'> = {
      path: f.path,
      mode: Number(s.mode) & 0o7777,
      uid: Number(s.uid),
      gid: Number(s.gid),
      mtime: seconds(s.mtimeNs),
      size: 0,
    };
    const attrs = xattrs.get(f.abs);
    if (attrs && Object.keys(attrs).length > 0) base.xattrs = attrs;
    let entry: TreeEntry;
    if (s.isFile()) {
      const inode = `${s.dev}:${s.ino}`;
      const first = s.nlink > 1n ? inodes.get(inode) : undefined;
      if (first !== undefined) entry = { ...base, type: 'hardlink', linkname: first };
      else {
        if (s.nlink > 1n) inodes.set(inode, f.path);
        entry = { ...base, type: 'file', size: Number(s.size) };
        fingerprint.file(s, f.abs);
      }
    } else if (s.isDirectory()) entry = { ...base, type: 'dir' };
    else if (s.isSymbolicLink()) entry = { ...base, type: 'symlink', linkname: await readlink(f.abs) };
    else if (s.isCharacterDevice()) entry = { ...base, type: 'char', ...deviceNumbers(s.rdev) };
    else if (s.isBlockDevice()) entry = { ...base, type: 'block', ...deviceNumbers(s.rdev) };
    else if (s.isFIFO()) entry = { ...base, type: 'fifo' };
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
export async function* directoryLayerParts(
  dir: string, options: { onWarning?: (message: string) => void; onBytes?: (bytes: number) => void; plan?: DirectoryPlan } = {},
): AsyncGenerator<LayerPart> {
  const { entries, fingerprint } = options.plan ?? await planDirectory(dir, options);
  // The plan's regular files are the fingerprint's files, in the same order.
  const racy = new Set(fingerprint.racy);
  const regular = entries.filter((e) => e.entry.type === 'file');
  const readAhead = new ReadAhead(regular.map((e) => ({ path: e.abs, size: e.entry.size })), options.onBytes);
  const fileIndex = new Map(regular.map((e, i) => [e.abs, i]));
  for (const { entry, abs, header } of entries) {
    yield { kind: 'framing', bytes: header };
    if (entry.type === 'file') {
      const index = fileIndex.get(abs)!;
      const { data, release } = readAhead.read(index);
      // A racy file's bytes are hashed as read: the files cache checks them next time (files-cache.ts).
      const digest = racy.has(index) ? (hex: string) => fingerprint.racyDigests.set(index, hex) : undefined;
      yield { kind: 'payload', length: entry.size, data: exactly(data, entry.size, abs, digest), release };
      const padding = paddingAfter(entry.size);
      if (padding.length > 0) yield { kind: 'framing', bytes: padding };
    }
  }
  yield { kind: 'framing', bytes: END_OF_ARCHIVE };
}

