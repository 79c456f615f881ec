/**
 * A confirmer that never holds ingest up. Compressing a whole tar again to confirm a candidate
 * (confirm.ts) runs at deflate's speed, far below ingest's, and a confirmer with backpressure
 * made ingest wait for it: on layers whose producer is a known zlib, confirming set the pace
 * of the whole ingest. Here the bytes the confirmer cannot take at once go to a temporary file
 * (unlinked as soon as it is made, so that nothing is left behind, even by a crash) and are fed
 * to it from there at its own pace, while ingest goes on to the next layer; only the caller's
 * end() waits for the confirmer to catch up.
 *
 * Memory: at most MEMORY bytes of pieces held before spilling, and one READ-byte piece read
 * back at a time (the confirmer's own bound applies to what it holds). Disk: at most what the
 * confirmer is behind by, once.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Confirmed, Confirmer } from './confirm.js';

/** Pieces held in memory, at most (bytes), before later ones go to the file. */
const MEMORY = 8 << 20;
/** Bytes read back from the file at once. */
const READ = 1 << 20;

let spills = 0;

export function spilling(inner: Confirmer, dir: string): Confirmer {
  /** Pieces held, oldest first: all of them older than anything in the file. */
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let fd: number | undefined;
  /** The file's unread bytes: [readAt, writeAt). */
  let readAt = 0;
  let writeAt = 0;
  let ended = false;
  let stopped = false;
  let failed: unknown;
  let pumping: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** Rejects when abandoned: an end() under way then fails instead of waiting for a confirmer that was stopped. */
  let onAbandon: ((error: Error) => void) | undefined;
  const abandoned = new Promise<never>((_, reject) => (onAbandon = reject));
  abandoned.catch(() => undefined);

  const file = (): number => {
    if (fd === undefined) {
      const path = join(dir, `confirm-${process.pid}-${++spills}-${Date.now()}.spill`);
      fd = openSync(path, 'wx+', 0o600);
      unlinkSync(path);
    }
    return fd;
  };

  /** Feeds the inner confirmer, in order, until everything pushed (and, once ended, all of it) is in. */
  const pump = async (): Promise<void> => {
    for (;;) {
      if (stopped) return;
      let piece: Uint8Array | undefined;
      if (held.length > 0) {
        piece = held.shift()!;
        heldBytes -= piece.length;
      } else if (readAt < writeAt) {
        const want = Math.min(READ, writeAt - readAt);
        const bytes = Buffer.allocUnsafe(want); // a fresh buffer each time: the confirmer keeps it until compressed
        let got = 0;
        while (got < want) {
          const n = readSync(fd!, bytes, got, want - got, readAt + got);
          if (n === 0) throw new Error('confirm spill file ended early');
          got += n;
        }
        readAt += want;
        if (readAt === writeAt) readAt = writeAt = 0; // drained: the next spill starts over at the beginning
        piece = bytes;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      await inner.push(piece);
    }
  };

  const start = (): void => {
    if (pumping) {
      wake?.();
      return;
    }
    pumping = pump().catch((error: unknown) => {
      failed ??= error;
    });
  };

  const close = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };

  return {
    async push(bytes) {
      if (failed) throw failed;
      if (bytes.length === 0) return;
      // Once anything is in the file, later pieces follow it there (their order is the blob's).
      if (writeAt === 0 && heldBytes + bytes.length <= MEMORY) {
        held.push(bytes);
        heldBytes += bytes.length;
      } else {
        let at = 0;
        while (at < bytes.length) at += writeSync(file(), bytes, at, bytes.length - at, writeAt + at);
        writeAt += bytes.length;
      }
      start();
    },
    async end(): Promise<Confirmed> {
      ended = true;
      start();
      try {
        await Promise.race([pumping, abandoned]);
        if (failed) throw failed;
        return await Promise.race([inner.end(), abandoned]);
      } finally {
        close();
      }
    },
    abandon() {
      stopped = true;
      onAbandon?.(new Error('confirmation abandoned'));
      held.length = 0;
      wake?.();
      close();
      inner.abandon();
    },
  };
}
