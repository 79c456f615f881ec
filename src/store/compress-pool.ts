/**
 * A pool of worker threads that compress chunks in parallel with the main thread's reading,
 * chunking and hashing. Results come back as promises; the caller bounds how many are in
 * flight (backpressure). With no worker (threads: 0) it compresses inline.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { compressOrNull, createCompressor } from './compression.js';
import type { Compressor } from 'zstd-napi';

/** A chunk as it will be stored: zstd-compressed, or raw when compression saves too little. */
export interface Compressed {
  zstd: boolean;
  bytes: Uint8Array;
}

interface Pending {
  resolve(result: Compressed): void;
  reject(error: unknown): void;
}

export class CompressPool {
  #workers: Worker[] = [];
  #next = 0;
  #id = 0;
  #pending = new Map<number, Pending>();
  #inline: Compressor | undefined;
  readonly level: number;

  constructor(level: number, threads = Math.min(2, availableParallelism())) {
    this.level = level;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(new URL('./compress-worker.js', import.meta.url));
      worker.on('message', (m: { id: number; payload: Uint8Array | null; raw?: Uint8Array }) => {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (this.#pending.size === 0) this.#setRef(false);
        p?.resolve(m.payload ? { zstd: true, bytes: m.payload } : { zstd: false, bytes: m.raw! });
      });
      worker.on('error', (error) => {
        for (const p of this.#pending.values()) p.reject(error);
        this.#pending.clear();
      });
      worker.unref();
      this.#workers.push(worker);
    }
  }

  /**
   * Compresses `owned`, which the pool takes over (its buffer is transferred to a worker, not
   * copied): the caller must hand in bytes of its own and not touch them afterwards.
   */
  compress(owned: Uint8Array): Promise<Compressed> {
    if (this.#workers.length === 0) {
      this.#inline ??= createCompressor(this.level);
      const payload = compressOrNull(this.#inline, owned);
      return Promise.resolve(payload ? { zstd: true, bytes: payload } : { zstd: false, bytes: owned });
    }
    if (this.#pending.size === 0) this.#setRef(true);
    const id = this.#id++;
    const worker = this.#workers[this.#next++ % this.#workers.length]!;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, data: owned, level: this.level }, [owned.buffer as ArrayBuffer]);
    });
  }

  /** Workers keep the process alive only while they have work (an unclosed store never hangs it). */
  #setRef(on: boolean): void {
    for (const w of this.#workers) {
      if (on) w.ref();
      else w.unref();
    }
  }

  async close(): Promise<void> {
    const workers = this.#workers;
    this.#workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
