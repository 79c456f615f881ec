/**
 * Chunk compression on worker threads (a WorkerPool running compress-worker.ts), in parallel
 * with the main thread's reading, chunking and hashing. Results come back as promises; the
 * caller bounds how many are in flight (backpressure). With no worker (threads: 0) it
 * compresses inline. A worker that fails rejects its chunks' promises and is replaced.
 *
 * The workers start only once `inlineBytes` have been compressed inline: a worker costs about
 * 0.1 s of CPU to start (its modules and zstd's), more than compressing a few MiB takes, so
 * writes that stay small (a bundle of a few changed files, a small pull) never start one.
 */
import { availableParallelism } from 'node:os';
import { CairnError } from '../errors.js';
import { takeSpare } from '../scratch.js';
import { WorkerPool } from '../workers/pool.js';
import { BatchCompressor } from './compression.js';
import type { Compressed, CompressedBatch, CompressJob } from './compress-worker.js';

export type { Compressed, CompressedBatch } from './compress-worker.js';

/** Input buffers are made in multiples of this size, and this many are kept for reuse. */
const SPARE_ROUND = 256 << 10;
const SPARES = 4;
/** Bytes compressed inline before the workers start, by default (at ≈250 MB/s: about 16 ms). */
export const INLINE_BYTES = 4 << 20;

export interface CompressPoolOptions {
  /** Worker threads. @default min(2, cores); 0: always inline */
  threads?: number;
  /** Bytes compressed inline before the workers start. @default INLINE_BYTES */
  inlineBytes?: number;
}

const closedError = (): CairnError => new CairnError('CAIRN_CLOSED', 'compression worker pool closed');

export class CompressPool {
  #workers: WorkerPool<CompressJob, Compressed | CompressedBatch> | undefined;
  readonly #threads: number;
  /** Bytes still to compress inline before the workers start. */
  #inlineLeft: number;
  #closed = false;
  #inlineBatches: BatchCompressor | undefined;
  /** Input buffers back from jobs, to be filled again (see buffer()). */
  #spare: ArrayBuffer[] = [];
  readonly level: number;

  constructor(level: number, options: CompressPoolOptions = {}) {
    this.level = level;
    this.#threads = options.threads ?? Math.min(2, availableParallelism());
    this.#inlineLeft = options.inlineBytes ?? INLINE_BYTES;
  }

  /** Worker threads running (none before `inlineBytes` have been compressed inline). */
  get threads(): number {
    return this.#workers?.threads ?? 0;
  }

  /** The workers, once `bytes` more can no longer be compressed inline (undefined: compress inline). */
  #workersFor(bytes: number): WorkerPool<CompressJob, Compressed | CompressedBatch> | undefined {
    if (this.#workers || this.#threads === 0) return this.#workers;
    if (this.#inlineLeft >= bytes) {
      this.#inlineLeft -= bytes;
      return undefined;
    }
    this.#workers = new WorkerPool({ script: new URL('./compress-worker.js', import.meta.url), threads: this.#threads, name: 'compression worker' });
    return this.#workers;
  }

  /**
   * Compresses `owned`, which the pool takes over (its buffer is transferred to a worker, not
   * copied): the caller must hand in bytes of its own and not touch them afterwards.
   */
  compress(owned: Uint8Array, digest = false, x86Group = false): Promise<Compressed> {
    if (this.#closed) return Promise.reject(closedError());
    const workers = this.#workersFor(owned.length);
    if (workers) {
      const job = workers.run({ data: owned, level: this.level, digest, x86: x86Group }, [owned.buffer as ArrayBuffer]) as Promise<Compressed>;
      return job.then((result) => {
        if (result.input) this.#recycle(result.input.buffer as ArrayBuffer);
        return { zstd: result.zstd, bytes: result.bytes, ...(result.digest ? { digest: result.digest } : {}), ...(result.x86 ? { x86: true } : {}) };
      });
    }
    try {
      this.#inlineBatches ??= new BatchCompressor(this.level);
      const result = this.#inlineBatches.compressWhole(owned, digest, x86Group);
      if (result.zstd && digest) this.#recycle(owned.buffer as ArrayBuffer);
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Hands a buffer back to be filled again (a group stored raw, once its bytes are written). */
  recycle(buffer: ArrayBuffer): void {
    this.#recycle(buffer);
  }

  /**
   * Compresses many small chunks in one job: `owned` holds them back to back (`lengths` long
   * each) and is taken over like compress()'s argument. One message each way, whatever the
   * count: for small files, whose per-message cost would exceed their compression's.
   */
  compressBatch(owned: Uint8Array, lengths: number[]): Promise<CompressedBatch> {
    if (this.#closed) return Promise.reject(closedError());
    const workers = this.#workersFor(owned.length);
    if (workers) {
      const job = workers.run({ data: owned, lengths, level: this.level }, [owned.buffer as ArrayBuffer]) as Promise<CompressedBatch>;
      return job.then((batch) => {
        if (batch.input) this.#recycle(batch.input.buffer as ArrayBuffer);
        return { bytes: batch.bytes, lengths: batch.lengths, zstd: batch.zstd };
      });
    }
    try {
      this.#inlineBatches ??= new BatchCompressor(this.level);
      const batch = this.#inlineBatches.compress(owned, lengths);
      this.#recycle(owned.buffer as ArrayBuffer);
      return Promise.resolve(batch);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A buffer of `n` bytes to fill and hand to compressBatch: one that came back from an earlier
   * job when one is large enough (touching fresh memory costs a page fault per 4 KiB).
   */
  buffer(n: number): Uint8Array {
    return takeSpare(this.#spare, n, SPARE_ROUND);
  }

  #recycle(buffer: ArrayBuffer): void {
    if (this.#spare.length < SPARES) this.#spare.push(buffer);
    else {
      // Keep the larger ones: a small spare fits fewer batches.
      const smallest = this.#spare.reduce((m, b, i) => (b.byteLength < this.#spare[m]!.byteLength ? i : m), 0);
      if (this.#spare[smallest]!.byteLength < buffer.byteLength) this.#spare[smallest] = buffer;
    }
  }

  /** Stops the workers; chunks still in flight reject, and so does every later one. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#workers?.close();
  }
}
