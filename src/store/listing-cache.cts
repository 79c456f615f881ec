/**
 * The listing cache, STORE/listing.json: what `cairn ls` prints about every image, written by
 * each close of the store and read without opening it, so that a plain `cairn ls` loads
 * neither LevelDB nor the store's modules (src/cli/fast-ls.cts). CommonJS so that the `cairn`
 * entry can use it before any ES module loads.
 *
 * The file is trusted only while the index and the store file are exactly as they were when it
 * was written: it carries a stamp of cairn-store.json (its bytes) and of every file of the index
 * but LevelDB's lock and info logs (name, size, mtime in ns, inode). LevelDB starts a new log and a
 * new manifest whenever it opens, and appends to the log on every write, so any later open of
 * the store (by any cairn version, whether it closed or crashed) or any write to the index makes
 * the stamp stale, as does a damaged, truncated or deleted table or a changed store file; `cairn
 * ls` then opens the store as before, and says what is wrong with it. It is speed only: deleting
 * it loses nothing. A store that another process holds open is not listed from the file either
 * (indexLockHeld): LevelDB takes its lock before it starts its new files, and a plain `cairn ls`
 * must say "store locked" as the full program does, not answer in that window.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LISTING_FILE = 'listing.json';
const FORMAT = 'cairn-listing-1';

/** One stored image as `cairn ls` shows it (and its --json prints). */
export interface ListedImage {
  manifest: string;
  config: string;
  /** DiffIDs, in order. */
  layers: string[];
  /** Every name pointing at it (none: an image gc will reclaim). */
  names: string[];
}

/**
 * What identifies the state of the store at `root`: the store file's content, and the name,
 * size, mtime and inode of every file of its index (throws when either is missing). The store
 * file is small and can be rewritten within one tick of the file system's clock at the same
 * size, so its bytes are compared; LevelDB's files only grow or are replaced by new ones.
 */
export function storeStamp(root: string): string {
  const index = join(root, 'index');
  const parts = [readFileSync(join(root, 'cairn-store.json'), 'utf8')];
  for (const name of readdirSync(index).sort()) {
    if (name === 'LOCK' || name === 'LOG' || name === 'LOG.old') continue;
    const s = statSync(join(index, name), { bigint: true });
    parts.push(`${name}:${s.size}:${s.mtimeNs}:${s.ino}`);
  }
  parts.push(readFileSync(join(index, 'CURRENT'), 'utf8'));
  return parts.join('\n');
}

/**
 * Whether some process holds the lock of the index at `root` (LevelDB's fcntl lock on
 * index/LOCK), from the kernel's lock table: Linux's /proc/locks lines read "1: POSIX ADVISORY
 * WRITE PID MAJOR:MINOR:INODE 0 EOF". Only the inode is compared: a lock on another file system
 * with the same inode only sends `ls` the slow way. False where there is no such table.
 */
export function indexLockHeld(root: string): boolean {
  let inode: bigint;
  let table: string;
  try {
    inode = statSync(join(root, 'index', 'LOCK'), { bigint: true }).ino;
    table = readFileSync('/proc/locks', 'latin1');
  } catch {
    return false;
  }
  return table.split('\n').some((line) => {
    const where = line.split(/\s+/).find((field) => /^[0-9a-f]+:[0-9a-f]+:\d+$/i.test(field));
    return where !== undefined && BigInt(where.split(':')[2]!) === inode;
  });
}

const isDigest = (v: unknown): v is string => typeof v === 'string' && /^sha256:[0-9a-f]{64}$/.test(v);

function isListedImage(v: unknown): v is ListedImage {
  const i = v as ListedImage;
  return typeof v === 'object' && v !== null && isDigest(i.manifest) && isDigest(i.config)
    && Array.isArray(i.layers) && i.layers.every(isDigest) && Array.isArray(i.names) && i.names.every((n) => typeof n === 'string');
}

/**
 * The listing of the store at `root`, or undefined when there is none, it does not parse, or
 * its stamp is not the store's (`stale: true` skips that check: image entries are immutable by
 * manifest digest, so a stale listing still tells an image's config and layers).
 */
export function readListing(root: string, options: { stale?: boolean } = {}): ListedImage[] | undefined {
  try {
    const file = JSON.parse(readFileSync(join(root, LISTING_FILE), 'utf8')) as { format?: unknown; stamp?: unknown; images?: unknown };
    if (file.format !== FORMAT || !Array.isArray(file.images) || !file.images.every(isListedImage)) return undefined;
    if (options.stale !== true && file.stamp !== storeStamp(root)) return undefined;
    return file.images;
  } catch {
    return undefined;
  }
}

/** Writes the listing (a temporary file renamed into place), stamped with the store as it is now. */
export function writeListing(root: string, images: readonly ListedImage[]): void {
  const path = join(root, LISTING_FILE);
  const temporary = `${path}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, stamp: storeStamp(root), images }));
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
