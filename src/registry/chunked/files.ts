/**
 * Storing the files of a pull by chunks (docs/registry.md, step 6): the chunks the store lacks
 * are fetched window by window (about `windowBytes` of chunks each; the next window is fetched
 * while the current one is stored), each chunk checked against its digest as it arrives, and
 * each window committed, so an interrupted pull resumes after the last committed window.
 *
 * When the sender's chunker is the store's ("direct"), the sender's file recipes are the ones
 * the store would make: the chunk records go into the store as they came (nothing compressed
 * again), each file's content is hashed from its chunks in order and checked against its
 * digest and size (with each new chunk's digest, on the arrival worker for a large pull:
 * arrival.ts), and only then is its recipe stored. A file larger than a window spans windows
 * (its hash carries over), so memory stays bounded by two windows. Otherwise each
 * file's content is handed to the store to chunk its own way (a file is then never split).
 */
import { CorruptDataError } from '../../errors.js';
import type { FileRecipe } from '../../recipe/index.js';
import type { Store } from '../../store/index.js';
import type { RangeFetcher } from './fetcher.js';
import { ObjectKind, objectKey, type IndexedObject } from './format.js';
import type { EndedFiles } from './arrival-check.js';
import { ArrivalChecker, type ArrivalPiece } from './arrival.js';
import { fetchCutRecords, fetchObjects, type CutRecord } from './objects.js';

/** Chunks to fetch per window, by default. */
export const WINDOW_BYTES = 32 << 20;
/** Files to store, in bytes, from which their chunks are checked on the arrival worker (a smaller pull checks them on its own thread). */
export const WORKER_MIN_BYTES = 16 << 20;
/** Digests looked up in the store at once. */
const LOOKUP_BATCH = 4096;

export interface FileToStore {
  /** 64 hex: the file's content digest */
  hex: string;
  recipe: FileRecipe;
}

export interface StoreFilesReport {
  files: number;
  chunks: number;
  chunkBytes: number;
}

/** A run of one file's chunks, [from, to), handled in one window; `last` when it ends the file. */
interface Step {
  file: number;
  from: number;
  to: number;
  last: boolean;
}

interface Window {
  steps: Step[];
  fetch: IndexedObject[];
}

export interface StoreFilesOptions {
  fetcher: RangeFetcher;
  packSizes: ReadonlyMap<string, number>;
  /** The index entry of a chunk (throws when the index lacks it). */
  entry: (digest: string) => IndexedObject;
  /** Store the sender's records and recipes as they are (the sender's chunker is the store's). */
  direct: boolean;
  windowBytes?: number;
  /** Check chunks and hash files on the arrival worker (true) or on this thread (false); by default, by the files' total size (WORKER_MIN_BYTES). */
  checkOnWorker?: boolean;
}

/** Per digest, whether the store holds that chunk (one batched lookup per LOOKUP_BATCH digests). */
async function heldChunks(store: Store, digests: readonly string[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (let i = 0; i < digests.length; i += LOOKUP_BATCH) {
    const slice = digests.slice(i, i + LOOKUP_BATCH);
    const found = await store.holdsMany('chunk', slice);
    slice.forEach((d, j) => { if (found[j]) held.add(d); });
  }
  return held;
}

/** Cuts the files into windows of about `limit` bytes of chunks to fetch (a chunk is fetched once, where it first occurs). */
function plan(files: readonly FileToStore[], held: ReadonlySet<string>, entry: (digest: string) => IndexedObject, limit: number, split: boolean): { windows: Window[]; chunks: number; bytes: number } {
  const windows: Window[] = [];
  const taken = new Set<string>();
  let current: Window = { steps: [], fetch: [] };
  let bytes = 0;
  let chunks = 0;
  let total = 0;
  const close = (): void => {
    if (current.steps.length > 0) windows.push(current);
    current = { steps: [], fetch: [] };
    bytes = 0;
  };
  files.forEach((file, index) => {
    const list = file.recipe.chunks;
    let from = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      if (held.has(c.digest) || taken.has(c.digest)) continue;
      taken.add(c.digest);
      current.fetch.push(entry(c.digest));
      bytes += c.length;
      total += c.length;
      chunks++;
      if (split && bytes >= limit && i + 1 < list.length) {
        current.steps.push({ file: index, from, to: i + 1, last: false });
        from = i + 1;
        close();
      }
    }
    current.steps.push({ file: index, from, to: list.length, last: true });
    if (bytes >= limit) close();
  });
  close();
  return { windows, chunks, bytes: total };
}

/** Stores `files` (which the store lacks), fetching the chunks it lacks; see the module comment. */
export async function storeFiles(store: Store, files: readonly FileToStore[], options: StoreFilesOptions): Promise<StoreFilesReport> {
  const all = [...new Set(files.flatMap((f) => f.recipe.chunks.map((c) => c.digest)))];
  const held = await heldChunks(store, all);
  const { windows, chunks, bytes } = plan(files, held, options.entry, options.windowBytes ?? WINDOW_BYTES, options.direct);
  const report: StoreFilesReport = { files: 0, chunks, chunkBytes: bytes };
  if (options.direct) {
    const total = files.reduce((sum, f) => sum + f.recipe.size, 0);
    await storeDirect(store, files, windows, options, options.checkOnWorker ?? total >= WORKER_MIN_BYTES, report);
    return report;
  }
  let next = fetchAhead(windows[0], (w) => fetchObjects(options.fetcher, w.fetch, options.packSizes));
  for (let k = 0; k < windows.length; k++) {
    const window = windows[k]!;
    const records = await next!;
    next = fetchAhead(windows[k + 1], (w) => fetchObjects(options.fetcher, w.fetch, options.packSizes));
    const bytesOf = async (digest: string): Promise<Buffer> => records.get(objectKey(ObjectKind.Chunk, digest)) ?? store.readChunk(digest);
    for (const step of window.steps) {
      const file = files[step.file]!;
      const content = async function* (): AsyncGenerator<Uint8Array> {
        for (const c of file.recipe.chunks) yield await bytesOf(c.digest);
      };
      const stored = await store.putFileUncommitted(content());
      checkFile(file, stored.digest, stored.size);
      report.files++;
    }
    await store.commit();
  }
  return report;
}

/** The window's fetch started (the next is fetched while the current one is stored). */
function fetchAhead<T>(window: Window | undefined, fetch: (w: Window) => Promise<T>): Promise<T> | undefined {
  if (!window) return undefined;
  const fetching = fetch(window);
  fetching.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
  return fetching;
}

/** A window fetched, and its chunks on their way through the check. */
interface Arrived {
  records: Map<string, CutRecord>;
  ended: Promise<EndedFiles>;
}

/**
 * The sender's chunk records stored as they came: each window's chunks checked and its files
 * hashed (on the arrival worker when `onWorker`), then the records appended, the files' recipes
 * stored, and the window committed. The next window's check runs while one is stored.
 */
async function storeDirect(store: Store, files: readonly FileToStore[], windows: readonly Window[], options: StoreFilesOptions, onWorker: boolean, report: StoreFilesReport): Promise<void> {
  const checker = new ArrivalChecker(onWorker);
  const fetch = (w: Window): Promise<Map<string, CutRecord>> => fetchCutRecords(options.fetcher, w.fetch, options.packSizes);
  // Fetches started, by window; each is let go once its window is stored.
  const fetching: Promise<Map<string, CutRecord>>[] = [];
  const startFetch = (k: number): void => {
    const started = fetchAhead(windows[k], fetch);
    if (started) fetching[k] = started;
  };
  // Hands window k's files to the check; `previous` is the window before, still being stored.
  const arrive = async (k: number, previous: Map<string, CutRecord> | undefined): Promise<Arrived> => {
    const window = windows[k]!;
    const records = await fetching[k]!;
    // Every chunk fetched for a window first occurs in one of its steps (plan()), where it is checked.
    const checked = new Set<string>();
    for (const step of window.steps) {
      const file = files[step.file]!;
      const list = file.recipe.chunks;
      checker.beginFile(step.file);
      for (let i = step.from; i < step.to; i++) {
        const c = list[i]!;
        const key = objectKey(ObjectKind.Chunk, c.digest);
        const record = records.get(key);
        let piece: ArrivalPiece;
        if (record) {
          piece = { bytes: record.payload, zstd: record.zstd, length: record.rawLength };
          if (!checked.has(c.digest)) piece.check = c.digest;
          checked.add(c.digest);
        } else {
          // Fetched for the window before (checked there), else held by the store, whose read checks it.
          const earlier = previous?.get(key);
          const raw = earlier ? undefined : await store.readChunk(c.digest);
          piece = earlier ? { bytes: earlier.payload, zstd: earlier.zstd, length: earlier.rawLength } : { bytes: raw!, zstd: false, length: raw!.length };
        }
        if (piece.length !== c.length) throw new CorruptDataError(`registry: file sha256:${file.hex} lists chunk sha256:${c.digest} as ${c.length} bytes, it has ${piece.length}`, { digest: `sha256:${file.hex}` });
        await checker.add(piece);
      }
      checker.endFile(step.last);
    }
    const ended = checker.settle();
    ended.catch(() => undefined); // awaited in turn
    return { records, ended };
  };
  if (windows.length === 0) return;
  try {
    startFetch(0);
    startFetch(1);
    let arriving = arrive(0, undefined);
    for (let k = 0; k < windows.length; k++) {
      const window = windows[k]!;
      const { records, ended } = await arriving;
      if (k + 1 < windows.length) {
        arriving = arrive(k + 1, records);
        arriving.catch(() => undefined); // awaited in turn
      }
      const checked = await ended;
      await store.putStoredChunksUncommitted(window.fetch.map((e) => {
        const r = records.get(objectKey(ObjectKind.Chunk, e.digest))!;
        return { hex: e.digest, length: r.rawLength, zstd: r.zstd, payload: r.payload };
      }));
      for (const [j, index] of checked.files.entries()) {
        const file = files[index]!;
        checkFile(file, `sha256:${checked.digests[j]!}`, checked.sizes[j]!);
        await store.putFileRecipeUncommitted(file.hex, file.recipe);
        report.files++;
      }
      await store.commit();
      // Fetched once this window is stored: two windows' records in memory at most.
      delete fetching[k];
      startFetch(k + 2);
    }
  } catch (error) {
    checker.abandon();
    throw error;
  }
}

function checkFile(file: FileToStore, digest: string, size: number): void {
  if (digest !== `sha256:${file.hex}` || size !== file.recipe.size) {
    throw new CorruptDataError(`registry: file sha256:${file.hex} rebuilt from its chunks does not match its digest`, { digest: `sha256:${file.hex}` });
  }
}
