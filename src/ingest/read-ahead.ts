/**
 * Reading a directory's files for ingest: files up to SMALL_FILE are read whole, several ahead
 * of the one being stored (file-system latency overlaps hashing and compression); larger ones
 * are streamed. Files above POOLED are read into buffers that come back once the consumer says
 * it holds none of their bytes (`release`), to be filled again: a fresh buffer per file costs a
 * page fault per 4 KiB touched, more CPU than reading the file (about 1.2 s of system time per
 * GB). A consumer that never releases only forgoes the reuse.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { BadInputError } from '../errors.js';
import { fileStream } from '../file-stream.js';
import { fsReason } from '../fs-errors.js';

const SMALL_FILE = 4 << 20;
const READ_AHEAD_FILES = 32;
const READ_AHEAD_BYTES = 64 << 20;
/** Files above this size are read into reused buffers (smaller ones come from malloc's heap anyway). */
const POOLED = 64 << 10;
/** Released buffers kept, at most (bytes). */
const POOL_BYTES = 16 << 20;

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

/**
 * A small file, whole, read synchronously: three system calls (open, one read, close), where an
 * asynchronous read costs four trips through libuv's thread pool (more CPU than the read itself
 * for a file of a few KiB in the page cache). Reads up to one byte more than announced, so that
 * a file that grew since the walk shows as too long.
 */
function readSmall(path: string, size: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    if (scratch.length < size + 1) scratch = Buffer.allocUnsafeSlow(size + 1);
    let got = 0;
    while (got <= size) {
      const want = size + 1 - got;
      const n = readSync(fd, scratch, got, want, got);
      got += n;
      // A regular file reads short only at its end: no second call to be told so (a system call
      // costs microseconds on a VM, as much as reading a small file).
      if (n === 0 || (n < want && got === size)) break;
    }
    // A buffer of its own, exactly the file's size (kept as it is by the layer builder).
    return Uint8Array.prototype.slice.call(scratch, 0, got);
  } finally {
    closeSync(fd);
  }
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

  /** The files named by `path(0..)` of sizes `sizes` (as their walk found them), read in that order. */
  constructor(path: (index: number) => string, sizes: readonly number[], onBytes?: (bytes: number) => void) {
    this.#path = path;
    this.#sizes = sizes;
    this.#onBytes = onBytes;
  }

  #fill(from: number): void {
    while (this.#next < this.#sizes.length && this.#next < from + READ_AHEAD_FILES && this.#bytesAhead < READ_AHEAD_BYTES) {
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

  /**
   * The file's bytes. `release()` (once the caller holds none of them) lets its buffer be
   * filled again with a later file; it is a no-op for files not read into a pooled buffer.
   */
  read(index: number): { data: AsyncGenerator<Uint8Array>; release: (() => void) | undefined } {
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
    return { data: this.#read(index, item), release: item?.buffer ? release : undefined };
  }

  async *#read(index: number, item: Item | undefined): AsyncGenerator<Uint8Array> {
    const path = this.#path(index);
    if (!item?.data) {
      yield* fileStream(path, { onBytes: this.#onBytes });
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
