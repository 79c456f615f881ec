/**
 * A canonical listing of a directory tree, to compare what two unpackers made: one line of
 * facts per path — type, permission bits (with setuid, setgid, sticky), owner, size, sha256
 * of the content, symlink target, device numbers, hard link group (the first path of the
 * inode, in byte order), extended attributes (read with one `getfattr -R -h` run), and the
 * mtime in microseconds (Node sets times with microsecond precision). Paths are relative,
 * as byte strings (ISO-8859-1 reading of the bytes); the root is '.'.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ListedPath {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket';
  mode: string;
  owner: string;
  size?: number;
  sha256?: string;
  /** Bytes that are allocated, in 512-byte blocks (for sparse checks; not compared). */
  blocks?: number;
  link?: string;
  rdev?: string;
  /** First path of the inode when it has several names. */
  group?: string;
  xattrs?: Record<string, string>;
  mtimeUs?: string;
}

export interface ListingOptions {
  /** Paths whose mtime is not compared (directories made as missing parents, say). */
  ignoreMtime?: (path: string, entry: ListedPath) => boolean;
  /** Leave out `blocks`. @default true */
  omitBlocks?: boolean;
}

const latin1 = (b: Buffer) => b.toString('latin1');

/** Every path's xattrs under `root`, hex-encoded, keyed by relative byte-string path. */
export function readXattrs(root: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const run = spawnSync('getfattr', ['-R', '-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', root], { maxBuffer: 1 << 28 });
  if (run.error) throw run.error;
  const rootBytes = Buffer.from(root);
  let current: Record<string, string> | undefined;
  for (const line of latin1(run.stdout).split('\n')) {
    if (line.startsWith('# file: ')) {
      const raw = Buffer.from(line.slice(8).replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))), 'latin1');
      const rel = raw.equals(rootBytes) ? '.' : latin1(raw.subarray(rootBytes.length + 1));
      current = {};
      out.set(rel, current);
    } else if (current && line.includes('=')) {
      const at = line.indexOf('=');
      const name = line.slice(0, at).replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
      current[name] = line.slice(at + 1);
    }
  }
  return out;
}

function typeOf(stats: ReturnType<typeof lstatSync>): ListedPath['type'] {
  if (stats!.isFile()) return 'file';
  if (stats!.isDirectory()) return 'dir';
  if (stats!.isSymbolicLink()) return 'symlink';
  if (stats!.isCharacterDevice()) return 'char';
  if (stats!.isBlockDevice()) return 'block';
  if (stats!.isFIFO()) return 'fifo';
  return 'socket';
}

/** The listing of `root`, sorted by path bytes. */
export function listTree(root: string, options: ListingOptions = {}): ListedPath[] {
  const xattrs = readXattrs(root);
  const found: { rel: string; abs: Buffer }[] = [];
  const visit = (rel: string, abs: Buffer) => {
    found.push({ rel, abs });
    if (!lstatSync(abs).isDirectory()) return;
    for (const name of readdirSync(abs, { encoding: 'buffer' })) {
      visit(rel === '.' ? latin1(name) : `${rel}/${latin1(name)}`, Buffer.concat([abs, Buffer.from('/'), name]));
    }
  };
  visit('.', Buffer.from(root));
  found.sort((a, b) => Buffer.compare(Buffer.from(a.rel, 'latin1'), Buffer.from(b.rel, 'latin1')));
  const inodes = new Map<bigint, string>();
  const out: ListedPath[] = [];
  for (const { rel, abs } of found) {
    const stats = lstatSync(abs, { bigint: true });
    const plain = lstatSync(abs);
    const entry: ListedPath = {
      path: rel,
      type: typeOf(plain),
      mode: (Number(stats.mode) & 0o7777).toString(8).padStart(4, '0'),
      owner: `${stats.uid}:${stats.gid}`,
    };
    if (entry.type === 'file') {
      entry.size = Number(stats.size);
      entry.sha256 = createHash('sha256').update(readFileSync(abs)).digest('hex');
      if (options.omitBlocks === false) entry.blocks = Number(stats.blocks);
    }
    if (entry.type === 'symlink') entry.link = latin1(readlinkSync(abs, { encoding: 'buffer' }));
    if (entry.type === 'char' || entry.type === 'block') entry.rdev = `${(Number(stats.rdev) >> 8) & 0xfff}:${(Number(stats.rdev) & 0xff) | ((Number(stats.rdev) >> 12) & 0xfff00)}`;
    if (entry.type !== 'dir' && stats.nlink > 1n) {
      const first = inodes.get(stats.ino);
      if (first === undefined) inodes.set(stats.ino, rel);
      entry.group = first ?? rel;
    }
    const attrs = xattrs.get(rel);
    if (attrs && Object.keys(attrs).length > 0) entry.xattrs = attrs;
    if (!options.ignoreMtime?.(rel, entry)) entry.mtimeUs = (stats.mtimeNs / 1000n).toString();
    out.push(entry);
  }
  return out;
}

/** Lines that differ between two listings, for a readable assertion message. */
export function diffListings(a: readonly ListedPath[], b: readonly ListedPath[], labels: [string, string] = ['a', 'b']): string[] {
  const key = (e: ListedPath) => JSON.stringify(e);
  const byPath = (list: readonly ListedPath[]) => new Map(list.map((e) => [e.path, e]));
  const left = byPath(a);
  const right = byPath(b);
  const lines: string[] = [];
  for (const path of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(path);
    const r = right.get(path);
    if (l && r && key(l) === key(r)) continue;
    lines.push(`${JSON.stringify(path)}:\n  ${labels[0]}: ${l ? key(l) : '(missing)'}\n  ${labels[1]}: ${r ? key(r) : '(missing)'}`);
  }
  return lines;
}
