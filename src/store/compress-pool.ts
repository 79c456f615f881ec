/**
 * Chunk compression on worker threads (a WorkerPool running compress-worker.ts), in parallel
 * with the main thread's reading, chunking and hashing. Results come back as promises; the
 * caller bounds how many are in flight (backpressure). With no worker (threads: 0) it
 * compresses inline. A worker that fails rejects its chunks' promises and is replaced.
 */
import { availableParallelism } from 'node:os';
import type { Compressor } from 'zstd-napi';
import { WorkerPool } from '../workers/pool.js';
import { compressBatch, compressOrNull, createCompressor } from './compression.js';
import type { Compressed, CompressedBatch, CompressJob } from './compress-worker.js';

export type { Compressed, CompressedBatch } from './compress-worker.js';

export class CompressPool {
  readonly #workers: WorkerPool<CompressJob, Compressed | CompressedBatch> | undefined;
  #inline: Compressor | undefined;
  readonly level: number;

  constructor(level: number, threads = Math.min(2, availableParallelism())) {
    this.level = level;
    if (threads > 0) this.#workers = new WorkerPool({ script: new URL('./compress-worker.js', import.meta.url), threads, name: 'compression worker' });
  }

  /**
   * Compresses `owned`, which the pool takes over (its buffer is transferred to a worker, not
   * copied): the caller must hand in bytes of its own and not touch them afterwards.
   */
  compress(owned: Uint8Array): Promise<Compressed> {
    if (this.#workers) return this.#workers.run({ data: owned, level: this.level }, [owned.buffer as ArrayBuffer]) as Promise<Compressed>;
    try {
      this.#inline ??= createCompressor(this.level);
      const payload = compressOrNull(this.#inline, owned);
      return Promise.resolve(payload ? { zstd: true, bytes: payload } : { zstd: false, bytes: owned });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Compresses many small chunks in one job: `owned` holds them back to back (`lengths` long
   * each) and is taken over like compress()'s argument. One message each way, whatever the
   * count: for small files, whose per-message cost would exceed their compression's.
   */
  compressBatch(owned: Uint8Array, lengths: number[]): Promise<CompressedBatch> {
    if (this.#workers) {
      return this.#workers.run({ data: owned, lengths, level: this.level }, [owned.buffer as ArrayBuffer]) as Promise<CompressedBatch>;
    }
    try {
      this.#inline ??= createCompressor(this.level);
      return Promise.resolve(compressBatch(this.#inline, owned, lengths));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Stops the workers; chunks still in flight reject. Idempotent. */
  async close(): Promise<void> {
    await this.#workers?.close();
  }
}
