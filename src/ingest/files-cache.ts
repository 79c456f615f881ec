/**
 * The files cache: lets a second ingest of an unchanged directory or lone layer tar skip
 * reading it, as borg's files cache does. A layer's DiffID is the sha256 of its whole tar, so
 * it is known without reading only when every file is unchanged: the cache therefore keeps,
 * per input (its real path), a fingerprint of the tree as last ingested — every tar header
 * cairn made from it, and each regular file's (size, mtime ns, ctime ns, inode, device) — and
 * the DiffID that ingest produced. A later ingest whose fingerprint is equal, and whose layer
 * recipe the store still holds, uses that DiffID without reading a byte of file data.
 *
 * Safety (the racy-git problem): a file written within the file system's timestamp granularity
 * of the moment its stat was taken could change again without its times changing. A file of a
 * directory whose mtime or ctime is within RACY_WINDOW_NS of the walk's start is therefore
 * "racy": its stat is not trusted. As git does with racily clean entries, the record keeps
 * which files were racy (index ranges in tar order) and one sha256 over the digests of the
 * bytes the ingest read from them, and a later ingest whose fingerprint
 * matches hashes those files again and uses the record only when every one still has those
 * bytes (a tree written just before its first ingest is then skipped the second time at the
 * cost of hashing it, not of ingesting it). The record a hit rewrites keeps only the files
 * still racy then. A write after a stat that is not racy moves ctime past the recorded value, so
 * the fingerprint no longer matches. A lone layer tar that is racy is never recorded.
 *
 * Records of an earlier version (1: no racy files) are read as such.
 *
 * Kept as one small JSON file per input under STORE/files-cache/, written to a temporary name
 * and renamed: losing or damaging it costs only speed (an unreadable or foreign record is
 * ignored), and a crash while it is written leaves the old record or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storeLayout } from '../store/layout.js';
import type { Store } from '../store/index.js';

/** Wider than any common file system's timestamp granularity (FAT's 2 s included). */
export const RACY_WINDOW_NS = 2_000_000_000n;
/** The fingerprint's format (what is hashed), unchanged since the first records. */
const FINGERPRINT_VERSION = 1;
/** The record's: 2 adds the racy files; records of 1 (none) are read too. */
const VERSION = 2;
const OLD_VERSION = 1;

/** What an input looked like when read: comparable across ingests. */
export interface InputFingerprint {
  /** The input's real path. */
  readonly input: string;
  /** sha256 over the tar headers and each file's stat tuple. */
  readonly digest: string;
  /**
   * Every regular file, in tar order (a lone layer tar: the tar itself): real paths, or with
   * `base` paths relative to it (a directory's: the tar's own paths, held once; see filePath).
   */
  readonly files: readonly string[];
  readonly base?: string;
  /** The indexes in `files` of those changed too close to the walk for their times to be trusted. */
  readonly racy: readonly number[];
  /**
   * The sha256 (hex) of each racy file's bytes as the ingest read them, by index in `files`, set
   * as it reads them (directoryLayerParts) or as a hit checks them (cachedDiffId). A racy file
   * without one keeps the input from being recorded.
   */
  readonly racyDigests: Map<number, string>;
}

/** The parts of a regular file's stat a fingerprint covers. */
export interface FileStat {
  size: bigint | number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint | string;
  dev: bigint | string;
}

/** Builds a fingerprint: headers and file stats are added in tar order. */
export class FingerprintBuilder {
  readonly #hash = createHash('sha256');
  readonly #startedNs: bigint;
  readonly #files: string[] = [];
  readonly #racy: number[] = [];

  readonly #base: string | undefined;

  /** `startedNs`: wall-clock time taken before the first stat; `base`: the directory files' paths are relative to. */
  constructor(readonly input: string, startedNs: bigint = nowNs(), base?: string) {
    this.#startedNs = startedNs;
    this.#base = base;
    this.#hash.update(`cairn-files-cache ${FINGERPRINT_VERSION}\0${input}\0`);
  }

  header(bytes: Uint8Array): void {
    this.#hash.update(`h${bytes.length}\0`).update(bytes);
  }

  /** A regular file's stat (numbers or their exact decimal strings), `path` its real path (or relative to the base). */
  file(stats: FileStat, path: string): void {
    this.#hash.update(`f${stats.size},${stats.mtimeNs},${stats.ctimeNs},${stats.ino},${stats.dev}\0`);
    const latest = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
    if (latest >= this.#startedNs - RACY_WINDOW_NS) this.#racy.push(this.#files.length);
    this.#files.push(path);
  }

  finish(): InputFingerprint {
    const fingerprint = { input: this.input, digest: this.#hash.digest('hex'), files: this.#files, racy: this.#racy, racyDigests: new Map() };
    return this.#base === undefined ? fingerprint : { ...fingerprint, base: this.#base };
  }
}

/** `path` (relative, '/'-separated) under `root`, a real path (so without a trailing slash unless it is `/`). */
export function pathUnder(root: string, path: string): string {
  return root.endsWith('/') ? root + path : `${root}/${path}`;
}

/** The real path of a fingerprint's file `i`. */
export function filePath(fingerprint: InputFingerprint, i: number): string {
  const path = fingerprint.files[i]!;
  return fingerprint.base === undefined ? path : pathUnder(fingerprint.base, path);
}

/** A lone layer tar's fingerprint: its stat tuple (a changed file never matches; see the top). */
export async function fileFingerprint(path: string): Promise<InputFingerprint> {
  const started = nowNs();
  const real = await realpath(path);
  const builder = new FingerprintBuilder(real, started);
  builder.file(await stat(real, { bigint: true }), real);
  return builder.finish();
}

export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

function recordPath(storeDir: string, input: string): string {
  return join(storeLayout(storeDir).filesCache, `${createHash('sha256').update(input).digest('hex')}.json`);
}

/** Where fileSha256 reads: one buffer, reused (fresh memory is dear: src/scratch.ts). */
let readBuffer: Buffer | undefined;

/**
 * The sha256 (hex) of a file's bytes now; undefined when it cannot be read. Synchronous reads
 * into one buffer: a tree's racy files are often all of its thousands of small files, which a
 * stream per file would open and read several times slower.
 */
function fileSha256(path: string): string | undefined {
  const hash = createHash('sha256');
  readBuffer ??= Buffer.allocUnsafe(1 << 20);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    for (let n = readSync(fd, readBuffer); n > 0; n = readSync(fd, readBuffer)) hash.update(readBuffer.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return hash.digest('hex');
}

/** Ascending indexes as ranges [first, last], each run of consecutive ones one range. */
function toRanges(indexes: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const i of indexes) {
    const last = ranges[ranges.length - 1];
    if (last && i === last[1] + 1) last[1] = i;
    else ranges.push([i, i]);
  }
  return ranges;
}

/** The indexes ranges name, or undefined when they are not ascending ranges within `count`. */
function fromRanges(value: unknown, count: number): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const indexes: number[] = [];
  let next = 0;
  for (const range of value) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isSafeInteger)) return undefined;
    const [first, last] = range as [number, number];
    if (first < next || last < first || last >= count) return undefined;
    for (let i = first; i <= last; i++) indexes.push(i);
    next = last + 1;
  }
  return indexes;
}

/** One digest over the racy files' digests, in order (what a record keeps of them). */
function racySummary(digests: readonly string[]): string {
  return createHash('sha256').update(digests.join('\n')).digest('hex');
}

/**
 * The DiffID recorded for an input with this very fingerprint, if any, once every file racy
 * when it was recorded has been hashed again and still has the bytes it had then (their
 * digests then go into `fingerprint.racyDigests`, for the record this ingest rewrites).
 */
export async function cachedDiffId(storeDir: string, fingerprint: InputFingerprint): Promise<string | undefined> {
  let record: unknown;
  try {
    record = JSON.parse(await readFile(recordPath(storeDir, fingerprint.input), 'utf8'));
  } catch {
    return undefined; // none yet, or damaged: a cache miss
  }
  const r = record as { version?: unknown; input?: unknown; digest?: unknown; diffId?: unknown; racy?: unknown; racyDigest?: unknown };
  if ((r.version !== VERSION && r.version !== OLD_VERSION) || r.input !== fingerprint.input || r.digest !== fingerprint.digest) return undefined;
  if (typeof r.diffId !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(r.diffId)) return undefined;
  // The same fingerprint: the same files in the same order, so the recorded indexes name them.
  const racy = r.version === OLD_VERSION ? [] : fromRanges(r.racy, fingerprint.files.length);
  if (racy === undefined) return undefined;
  // A file racy now was racy then (its stat is the recorded one); never trusted by stat alone.
  const recorded = new Set(racy);
  if (fingerprint.racy.some((i) => !recorded.has(i))) return undefined;
  if (racy.length > 0) {
    const digests: string[] = [];
    for (const i of racy) {
      const hex = fileSha256(filePath(fingerprint, i));
      if (hex === undefined) return undefined;
      digests.push(hex);
    }
    if (racySummary(digests) !== r.racyDigest) return undefined;
    racy.forEach((i, k) => fingerprint.racyDigests.set(i, digests[k]!));
  }
  return r.diffId;
}

/**
 * Records the DiffID an input gave, once the ingest that read it has committed, with one
 * digest over its racy files' bytes (an input with a racy file whose digest is unknown is not
 * recorded). Failures are ignored (the cache only saves time).
 */
export async function rememberDiffId(storeDir: string, fingerprint: InputFingerprint, diffId: string): Promise<void> {
  const digests = fingerprint.racy.map((i) => fingerprint.racyDigests.get(i));
  if (digests.some((d) => d === undefined)) return;
  const path = recordPath(storeDir, fingerprint.input);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const record = {
    version: VERSION, input: fingerprint.input, digest: fingerprint.digest, diffId,
    racy: toRanges(fingerprint.racy), racyDigest: racySummary(digests as string[]),
  };
  try {
    await mkdir(storeLayout(storeDir).filesCache, { recursive: true });
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, path);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

/**
 * The layer an input gave last time, if its fingerprint is unchanged and the store still holds
 * that layer's recipe (else undefined: the input is read).
 */
export async function knownLayer(store: Store, fingerprint: InputFingerprint): Promise<{ diffId: string; tarBytes: number } | undefined> {
  const diffId = await cachedDiffId(store.dir, fingerprint);
  if (diffId === undefined || !(await store.hasLayer(diffId))) return undefined;
  return { diffId, tarBytes: (await store.getLayerRecipe(diffId)).tarLength };
}
