/**
 * Reading a directory's files for ingest: files up to SMALL_FILE are read whole, several ahead
 * of the one being stored (file-system latency overlaps hashing and compression); larger ones
 * are streamed. Files above POOLED are read into buffers that come back once the consumer says
 * it holds none of their bytes (`release`), to be filled again: a fresh buffer per file costs a
 * page fault per 4 KiB touched, more CPU than reading the file (about 1.2 s of system time per
 * GB). A consumer that never releases only forgoes the reuse.
 *
 * Files up to POOLED are read by a worker thread (read-worker.ts) in runs of up to BATCH_FILES
 * files or BATCH_BYTES, one message each way per run, once a tree has WORKER_FROM of them:
 * their system calls (three per file, microseconds each on a VM) then leave the main thread.
 * A run the worker cannot answer (it died) is read here instead.
 */
import { open } from 'node:fs/promises';
import { BadInputError } from '../errors.js';
import { FILE_PIECE_BYTES, fileStream } from '../file-stream.js';
import { fsReason } from '../fs-errors.js';
import { WorkerPool } from '../workers/pool.js';
import type { ReadJob, ReadReply } from './read-worker.js';
import { readFileInto } from './small-file.js';

const SMALL_FILE = 4 << 20;
/** Files read ahead, at most; small files read by the worker (runs), at most. */
const READ_AHEAD_FILES = 32;
const READ_AHEAD_RUN_FILES = 512;
const READ_AHEAD_BYTES = 64 << 20;
/** Files above this size are read into reused buffers (smaller ones come from malloc's heap anyway). */
const POOLED = 64 << 10;
/** Released buffers kept, at most (bytes). */
const POOL_BYTES = 16 << 20;
/** A run of small files for the read worker, at most. */
const BATCH_FILES = 128;
const BATCH_BYTES = 1 << 20;
/** Small files a tree needs before its reads go to the worker (starting one costs tens of milliseconds). */
const WORKER_FROM = 256;

let readers: WorkerPool<ReadJob, ReadReply> | undefined;
function readWorker(): WorkerPool<ReadJob, ReadReply> {
  readers ??= new WorkerPool({ script: new URL('./read-worker.js', import.meta.url), threads: 1, name: 'read worker' });
  return readers;
}

/** Buffers released by consumers, by capacity (powers of two). */
class BufferPool {
  #free = new Map<number, Uint8Array[]>();
  #bytes = 0;

  /** A buffer of at least `n` bytes (a power of two). */
  take(n: number): Uint8Array {
    const capacity = 2 ** Math.ceil(Math.log2(n));
    const kept = this.#free.get(capacity)?.pop();
    if (kept) {
      this.#bytes -= capacity;
      return kept;
    }
    return new Uint8Array(capacity);
  }

  give(buffer: Uint8Array): void {
    if (this.#bytes + buffer.length > POOL_BYTES) return;
    this.#bytes += buffer.length;
    const list = this.#free.get(buffer.length) ?? [];
    list.push(buffer);
    this.#free.set(buffer.length, list);
  }
}

/**
 * Reads a file announced as `size` bytes into `buffer` (longer) from its start, up to the
 * buffer's length; returns the bytes read.
 */
async function readInto(path: string, buffer: Uint8Array, size: number): Promise<number> {
  const file = await open(path, 'r');
  try {
    let got = 0;
    while (got < buffer.length) {
      const want = buffer.length - got;
      const { bytesRead } = await file.read(buffer, got, want, got);
      got += bytesRead;
      // Short at the announced size: the end (as in readSmall).
      if (bytesRead === 0 || (bytesRead < want && got === size)) break;
    }
    return got;
  } finally {
    await file.close();
  }
}

/** A small file, whole, read on this thread into a buffer of its own. */
function readSmall(path: string, size: number): Uint8Array {
  if (scratch.length < size + 1) scratch = Buffer.allocUnsafeSlow(size + 1);
  const got = readFileInto(path, size, scratch, 0);
  return Uint8Array.prototype.slice.call(scratch, 0, got);
}

let scratch = Buffer.allocUnsafeSlow(POOLED + 1);

interface Item {
  size: number;
  data?: Promise<Uint8Array>;
  /** The pooled buffer the file was read into. */
  buffer?: Uint8Array;
}

export class ReadAhead {
  readonly #path: (index: number) => string;
  readonly #sizes: readonly number[];
  /** Files read or being read ahead, by index, until their turn comes (a tree's other files cost nothing here). */
  readonly #ahead = new Map<number, Item>();
  #next = 0;
  #bytesAhead = 0;
  readonly #pool = new BufferPool();
  readonly #onBytes: ((bytes: number) => void) | undefined;
  /** Small files go to the read worker (the tree has enough of them to pay for its start). */
  readonly #worker: boolean;
  /** Large files are streamed into one reused buffer (the consumer said it lets go of each piece before asking for the next). */
  readonly #reuse: boolean;
  #streamBuffer: Uint8Array | undefined;

  /**
   * The files named by `path(0..)` of sizes `sizes` (as their walk found them), read in that
   * order. With `reuse`, a file above SMALL_FILE comes in pieces that are valid only until the
   * next is asked for (`transient` in read's answer).
   */
  constructor(path: (index: number) => string, sizes: readonly number[], onBytes?: (bytes: number) => void, reuse = false) {
    this.#path = path;
    this.#sizes = sizes;
    this.#onBytes = onBytes;
    this.#reuse = reuse;
    let small = 0;
    for (const size of sizes) if (size <= POOLED && ++small >= WORKER_FROM) break;
    this.#worker = small >= WORKER_FROM;
  }

  #fill(from: number): void {
    while (this.#next < this.#sizes.length && this.#next < from + READ_AHEAD_RUN_FILES && this.#bytesAhead < READ_AHEAD_BYTES) {
      if (this.#worker && this.#sizes[this.#next]! <= POOLED) {
        this.#readRun();
        continue;
      }
      if (this.#next >= from + READ_AHEAD_FILES) break;
      const index = this.#next++;
      const size = this.#sizes[index]!;
      if (size > SMALL_FILE) continue;
      const path = this.#path(index);
      const item: Item = { size };
      if (size > POOLED) {
        // One byte more than announced: a file that grew shows as too long (and fails) rather than cut short.
        const buffer = this.#pool.take(size + 1);
        item.buffer = buffer;
        item.data = readInto(path, buffer, size).then((n) => buffer.subarray(0, n));
      } else {
        try {
          item.data = Promise.resolve(readSmall(path, size));
        } catch (cause) {
          item.data = Promise.reject(cause);
        }
      }
      item.data.catch(() => undefined); // reported when the file's turn comes
      this.#ahead.set(index, item);
      this.#bytesAhead += size;
    }
  }

  /** The run of small files from #next, read by the worker: one job, each file's bytes a view of its answer. */
  #readRun(): void {
    const indexes: number[] = [];
    const job: ReadJob = { paths: [], sizes: [] };
    let bytes = 0;
    while (this.#next < this.#sizes.length && indexes.length < BATCH_FILES && bytes < BATCH_BYTES) {
      const size = this.#sizes[this.#next]!;
      if (size > POOLED) break;
      indexes.push(this.#next);
      job.paths.push(this.#path(this.#next));
      job.sizes.push(size);
      bytes += size;
      this.#next++;
    }
    const reply = readWorker().run(job);
    for (const [k, index] of indexes.entries()) {
      const size = job.sizes[k]!;
      const data = reply.then(
        ({ data, offsets, lengths, errors }) => {
          const code = errors[k];
          if (code !== null && code !== undefined) throw Object.assign(new Error(code), { code });
          return data.subarray(offsets[k]!, offsets[k]! + lengths[k]!);
        },
        // The worker could not answer (it died): the file is read here.
        () => readSmall(job.paths[k]!, size),
      );
      data.catch(() => undefined); // reported when the file's turn comes
      this.#ahead.set(index, { size, data });
      this.#bytesAhead += size;
    }
  }

  /**
   * The file's bytes. `release()` (once the caller holds none of them) lets its buffer be
   * filled again with a later file; it is a no-op for files not read into a pooled buffer.
   */
  read(index: number): { data: AsyncGenerator<Uint8Array>; release: (() => void) | undefined; transient: boolean } {
    this.#fill(index);
    const item = this.#ahead.get(index);
    this.#ahead.delete(index);
    let released = false;
    const release = (): void => {
      if (released || !item?.buffer) return;
      released = true;
      this.#pool.give(item.buffer);
      item.buffer = undefined;
    };
    // Only a pooled buffer comes back: a file read into a buffer of its own needs no release (its reader may keep the buffer).
    // A file streamed into the reused buffer (item undefined: beyond SMALL_FILE) gives transient pieces.
    const transient = this.#reuse && item === undefined;
    return { data: this.#read(index, item), release: item?.buffer ? release : undefined, transient };
  }

  async *#read(index: number, item: Item | undefined): AsyncGenerator<Uint8Array> {
    const path = this.#path(index);
    if (!item?.data) {
      // Reused, a single buffer serves every large file: each is read once the one before is done.
      const into = this.#reuse ? (this.#streamBuffer ??= new Uint8Array(FILE_PIECE_BYTES)) : undefined;
      yield* fileStream(path, { onBytes: this.#onBytes, ...(into ? { into } : {}) });
      return;
    }
    let data: Uint8Array;
    try {
      data = await item.data;
    } catch (cause) {
      throw new BadInputError(`cannot read ${path}: ${fsReason(cause)}`, { path, cause });
    } finally {
      this.#bytesAhead -= item.size;
      item.data = undefined;
    }
    this.#onBytes?.(data.length);
    if (data.length > 0) yield data;
  }
}
