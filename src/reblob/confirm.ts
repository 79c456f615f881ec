/**
 * Confirming a candidate on a whole blob as it streams by: the inflated bytes are compressed
 * again with the candidate's settings and the blob made from them (gzip header, deflate
 * stream, trailer, tail) is hashed; the caller compares that sha256 with the blob's digest.
 * Nothing is buffered beyond a bounded number of bytes in flight. pako and go-flate run on a
 * worker thread (they are JavaScript and would hold up ingest); node:zlib on libuv's threads.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createDeflateRaw } from 'node:zlib';
import { crc32Update, type StreamParams, type ZlibParams } from '../deflate/index.js';
import { WorkerPool } from '../workers/pool.js';
import { ZLIB_CHUNK } from '../zlib-chunk.js';
import type { ConfirmJob, ConfirmReply } from './confirm-worker.js';
import type { BlobRebuild } from './description.js';

export interface Confirmed {
  /** sha256:… of the blob made. */
  digest: string;
  size: number;
}

/** A candidate (gzip or zstd) chosen from a blob's first bytes, and what confirms it over the whole blob (when asked to). */
export interface Choice {
  confirmer?: Confirmer;
  rebuild: BlobRebuild;
}

export interface Confirmer {
  /** Hands inflated bytes on (kept until compressed: the caller must not change them); waits while too much is in flight. */
  push(bytes: Uint8Array): Promise<void>;
  /** Ends the stream: the blob's digest and size. */
  end(): Promise<Confirmed>;
  /** Stops without an answer (the ingest failed or moved on). */
  abandon(): void;
}

/** Bytes sent to the worker at once (fewer, larger messages), and at most in flight. */
const BATCH = 1 << 20;
const IN_FLIGHT = 8 << 20;

let pool: WorkerPool<ConfirmJob, ConfirmReply> | undefined;
let sessions = 0;

function workers(): WorkerPool<ConfirmJob, ConfirmReply> {
  pool ??= new WorkerPool({ script: new URL('./confirm-worker.js', import.meta.url), threads: 1, name: 'deflate confirm worker' });
  return pool;
}

/** A pako or Go candidate, confirmed on the worker thread. */
export function workerConfirmer(params: StreamParams, header: Uint8Array, tail: Uint8Array): Confirmer {
  const lane = workers().lane();
  const session = ++sessions;
  const pending: { bytes: number; done: Promise<ConfirmReply> }[] = [];
  let failed: unknown;
  const track = (bytes: number, done: Promise<ConfirmReply>): void => {
    done.catch((error: unknown) => (failed ??= error));
    pending.push({ bytes, done });
  };
  track(0, lane.run({ op: 'start', session, params, header: Uint8Array.from(header) }));
  let batch: Uint8Array[] = [];
  let batched = 0;
  const flush = async (): Promise<void> => {
    if (batched === 0) return;
    const owned = new Uint8Array(batched);
    let at = 0;
    for (const piece of batch) {
      owned.set(piece, at);
      at += piece.length;
    }
    batch = [];
    batched = 0;
    track(owned.length, lane.run({ op: 'data', session, bytes: owned }, [owned.buffer]));
    let inFlight = pending.reduce((n, p) => n + p.bytes, 0);
    while (inFlight > IN_FLIGHT) {
      const oldest = pending.shift()!;
      await oldest.done;
      inFlight -= oldest.bytes;
    }
  };
  return {
    async push(bytes) {
      if (failed) throw failed;
      // Held, not copied: pieces are never reused, and a changed byte could only fail the digest.
      batch.push(bytes);
      batched += bytes.length;
      if (batched >= BATCH) await flush();
    },
    async end() {
      await flush();
      const reply = await lane.run({ op: 'end', session, tail: Uint8Array.from(tail) });
      await Promise.all(pending.map((p) => p.done));
      if (failed) throw failed;
      return { digest: `sha256:${reply.hex!}`, size: reply.size! };
    },
    abandon() {
      batch = [];
      // The worker drops the session when it ends; an abandoned one is ended too, unread.
      void lane.run({ op: 'end', session, tail: new Uint8Array(0) }).catch(() => undefined);
    },
  };
}

/** A node:zlib candidate (`zlib-1.3.1`), compressed on libuv's thread pool. */
export function nodeConfirmer(params: ZlibParams, header: Uint8Array, tail: Uint8Array): Confirmer {
  const hash = createHash('sha256').update(header);
  let size = header.length;
  let crc = 0;
  let inflated = 0;
  const deflate = createDeflateRaw({ level: params.level, memLevel: params.memLevel, windowBits: params.windowBits, strategy: params.strategy, chunkSize: ZLIB_CHUNK });
  deflate.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  const finished = once(deflate, 'end');
  finished.catch(() => undefined);
  return {
    async push(bytes) {
      crc = crc32Update(crc, bytes);
      inflated += bytes.length;
      if (!deflate.write(bytes)) await once(deflate, 'drain');
    },
    async end() {
      deflate.end();
      await finished;
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc, 0);
      trailer.writeUInt32LE(inflated % 2 ** 32, 4);
      hash.update(trailer).update(tail);
      return { digest: `sha256:${hash.digest('hex')}`, size: size + 8 + tail.length };
    },
    abandon() {
      deflate.destroy();
    },
  };
}

/**
 * The raw deflate stream of `source` made by pako or Go's flate on the worker thread (export of
 * a blob made by the system zlib or by Go): the main thread goes on rebuilding the tar
 * meanwhile. At most a few MiB are in flight; output comes back in order.
 */
export async function* workerDeflate(params: StreamParams, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const lane = workers().lane();
  const session = ++sessions;
  const pending: Promise<ConfirmReply>[] = [];
  const settled = (p: Promise<ConfirmReply>): Promise<ConfirmReply> => {
    p.catch(() => undefined);
    return p;
  };
  pending.push(settled(lane.run({ op: 'start', session, params, header: new Uint8Array(0), emit: true })));
  let batch: Uint8Array[] = [];
  let batched = 0;
  const send = (): void => {
    const owned = new Uint8Array(batched);
    let at = 0;
    for (const piece of batch) {
      owned.set(piece, at);
      at += piece.length;
    }
    batch = [];
    batched = 0;
    pending.push(settled(lane.run({ op: 'data', session, bytes: owned }, [owned.buffer])));
  };
  let ended = false;
  try {
    for await (const piece of source) {
      batch.push(piece);
      batched += piece.length;
      if (batched < BATCH) continue;
      send();
      while (pending.length > IN_FLIGHT / BATCH) {
        const reply = await pending.shift()!;
        if (reply.out?.length) yield reply.out;
      }
    }
    if (batched > 0) send();
    pending.push(settled(lane.run({ op: 'end', session, tail: new Uint8Array(0) })));
    ended = true;
    while (pending.length > 0) {
      const reply = await pending.shift()!;
      if (reply.out?.length) yield reply.out;
    }
  } finally {
    if (!ended) void lane.run({ op: 'end', session, tail: new Uint8Array(0) }).catch(() => undefined);
  }
}
