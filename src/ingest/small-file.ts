/**
 * A small file read whole, synchronously: three system calls (open, one read, close), where an
 * asynchronous read costs four trips through libuv's thread pool (more CPU than the read itself
 * for a file of a few KiB in the page cache). Used by the read-ahead on the main thread and by
 * its read worker.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads the file at `path`, announced as `size` bytes, into `into` from `at` (which has room
 * for size + 1 bytes); returns the bytes read. Up to one byte more than announced is read, so
 * that a file that grew since it was announced shows as too long.
 */
export function readFileInto(path: string, size: number, into: Uint8Array, at: number): number {
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    while (got <= size) {
      const want = size + 1 - got;
      const n = readSync(fd, into, at + got, want, got);
      got += n;
      // A regular file reads short only at its end: no second call to be told so (a system
      // call costs microseconds on a VM, as much as reading a small file).
      if (n === 0 || (n < want && got === size)) break;
    }
    return got;
  } finally {
    closeSync(fd);
  }
}
