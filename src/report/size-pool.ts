/**
 * Compressed sizes on worker threads, so that compression (the report's heaviest work: every
 * new chunk in every mode, whole layers, large files) runs beside the reading, hashing and
 * chunking on the main thread, as ingest's compression does. Results come back as promises;
 * `throttle` bounds the bytes in flight (the caller's backpressure). With no threads it all
 * runs inline.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ChunkSizer, ZstdStreamSize } from './sizers.js';

/** What the main thread sends a worker. */
export type SizeMessage =
  | { op: 'chunk'; id: number; data: Uint8Array; level: number }
  | { op: 'open'; id: number; stream: number; level: number; pledged: number | undefined }
  | { op: 'update'; id: number; stream: number; data: Uint8Array }
  | { op: 'end'; id: number; stream: number };

/** Bytes sent to workers and not yet done with, past which `throttle` waits. */
const MAX_IN_FLIGHT_BYTES = 32 << 20;

interface Job {
  bytes: number;
  resolve(size: number): void;
  reject(error: Error): void;
}

/** A zstd stream whose size a worker counts. */
export interface SizeStream {
  update(bytes: Uint8Array): void;
  end(): Promise<number>;
}

function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

export class SizePool {
  #workers: Worker[] = [];
  #next = 0;
  #id = 0;
  #streams = 0;
  #jobs = new Map<number, Job>();
  #inFlight = 0;
  #waiters: (() => void)[] = [];
  #failed: Error | undefined;
  readonly #inline = new Map<number, ChunkSizer>();

  constructor(threads = Math.min(2, availableParallelism())) {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(new URL('./size-worker.js', import.meta.url));
      worker.on('message', (m: { id: number; size?: number; error?: string }) => {
        const job = this.#jobs.get(m.id);
        if (!job) return;
        this.#jobs.delete(m.id);
        this.#inFlight -= job.bytes;
        if (this.#jobs.size === 0) this.#setRef(false);
        if (m.error !== undefined) job.reject(new Error(`size worker: ${m.error}`));
        else job.resolve(m.size!);
        this.#wake();
      });
      worker.on('error', (error) => this.#fail(error));
      worker.unref();
      this.#workers.push(worker);
    }
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const job of this.#jobs.values()) job.reject(error);
    this.#jobs.clear();
    this.#inFlight = 0;
    this.#wake();
  }

  #wake(): void {
    if (this.#inFlight > MAX_IN_FLIGHT_BYTES && !this.#failed) return;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #setRef(on: boolean): void {
    for (const w of this.#workers) {
      if (on) w.ref();
      else w.unref();
    }
  }

  #send(worker: Worker, message: SizeMessage, bytes: number, transfer?: ArrayBuffer): Promise<number> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#jobs.size === 0) this.#setRef(true);
    this.#inFlight += bytes;
    const promise = new Promise<number>((resolve, reject) => this.#jobs.set(message.id, { bytes, resolve, reject }));
    worker.postMessage(message, transfer ? [transfer] : []);
    return promise;
  }

  /** Waits while too many bytes are in flight. */
  async throttle(): Promise<void> {
    while (this.#inFlight > MAX_IN_FLIGHT_BYTES && !this.#failed) await new Promise<void>((wake) => this.#waiters.push(wake));
    if (this.#failed) throw this.#failed;
  }

  /** The stored length of a chunk (a copy of `bytes` is sent; the caller may reuse its buffer). */
  chunk(bytes: Uint8Array, level: number): Promise<number> {
    if (this.#workers.length === 0) {
      let sizer = this.#inline.get(level);
      if (!sizer) this.#inline.set(level, (sizer = new ChunkSizer(level)));
      return Promise.resolve(sizer.storedLength(bytes));
    }
    const data = copyOf(bytes);
    const worker = this.#workers[this.#next++ % this.#workers.length]!;
    return this.#send(worker, { op: 'chunk', id: this.#id++, data, level }, data.length, data.buffer as ArrayBuffer);
  }

  /** A zstd stream sized on one worker; pieces are copied as they are given. */
  stream(level: number, pledged?: number): SizeStream {
    const stream = this.#streams++;
    if (this.#workers.length === 0) {
      const sizer = new ZstdStreamSize(level, pledged);
      return { update: (bytes) => sizer.update(bytes), end: () => Promise.resolve(sizer.end()) };
    }
    const worker = this.#workers[stream % this.#workers.length]!;
    const track = (p: Promise<number>) => p.catch(() => undefined);
    track(this.#send(worker, { op: 'open', id: this.#id++, stream, level, pledged }, 0));
    return {
      update: (bytes) => {
        if (bytes.length === 0) return;
        const data = copyOf(bytes);
        track(this.#send(worker, { op: 'update', id: this.#id++, stream, data }, data.length, data.buffer as ArrayBuffer));
      },
      end: () => this.#send(worker, { op: 'end', id: this.#id++, stream }, 0),
    };
  }

  async close(): Promise<void> {
    const workers = this.#workers;
    this.#workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
