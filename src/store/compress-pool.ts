/**
 * A pool of worker threads that compress chunks in parallel with the main thread's reading,
 * chunking and hashing. Results come back as promises; the caller bounds how many are in
 * flight (backpressure). With no worker (threads: 0) it compresses inline.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { compressOrNull, createCompressor } from './compression.js';
import type { Compressor } from 'zstd-napi';

interface Pending {
  resolve(payload: Uint8Array | null): void;
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
      worker.on('message', (m: { id: number; payload: Uint8Array | null }) => {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (this.#pending.size === 0) this.#setRef(false);
        p?.resolve(m.payload);
      });
      worker.on('error', (error) => {
        for (const p of this.#pending.values()) p.reject(error);
        this.#pending.clear();
      });
      worker.unref();
      this.#workers.push(worker);
    }
  }

  /** Compresses a copy of `data`; resolves to the payload, or null to store raw. */
  compress(data: Uint8Array): Promise<Uint8Array | null> {
    if (this.#workers.length === 0) {
      this.#inline ??= createCompressor(this.level);
      return Promise.resolve(compressOrNull(this.#inline, data));
    }
    if (this.#pending.size === 0) this.#setRef(true);
    const id = this.#id++;
    const worker = this.#workers[this.#next++ % this.#workers.length]!;
    const copy = new Uint8Array(data.length);
    copy.set(data);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, data: copy, level: this.level }, [copy.buffer]);
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
