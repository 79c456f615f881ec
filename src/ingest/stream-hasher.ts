/**
 * The sha256s an ingest needs besides the chunks': the layer's DiffID (the whole tar) and the
 * content digest of each file stored through the chunker. Both are computed on a worker thread
 * (hash-worker.ts) from a copy of the very bytes the main thread chunks, so the main thread
 * hashes each byte once (its chunk's sha256) instead of three times.
 *
 * The copy goes into a ring shared with the worker (SLOTS slots of SLOT bytes): a slot is sent
 * (a small message: where, how long, the file marks in it) when full or when a file's digest is
 * asked, and filled again once the worker has hashed it. Nothing is allocated or transferred
 * per batch: fresh buffers would cost page faults and garbage collections.
 */
import { WorkerPool } from '../workers/pool.js';
import type { HashJob, HashReply } from './hash-worker.js';

/**
 * 2 MiB in all, resident for the whole ingest: the worker hashes a slot in well under a
 * millisecond, so a few slots keep it fed (the ring was 8 of 1 MiB: 6 MiB more at the peak).
 */
const SLOT = 1 << 19;
const SLOTS = 4;

let pool: WorkerPool<HashJob, HashReply> | undefined;
let sessions = 0;

function workers(): WorkerPool<HashJob, HashReply> {
  pool ??= new WorkerPool({ script: new URL('./hash-worker.js', import.meta.url), threads: 1, name: 'hash worker' });
  return pool;
}

interface Deferred {
  promise: Promise<string>;
  resolve(hex: string): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: (hex: string) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a digest nobody asks for must not fail unhandled
  return { promise, resolve, reject };
}

/** A file marked in the stream: close() after its last byte is pushed; digest() is its hex sha256. */
export interface MarkedFile {
  close(): void;
  digest(): Promise<string>;
}

export class StreamHasher {
  readonly #lane = workers().lane();
  readonly #session = ++sessions;
  readonly #ring = new Uint8Array(new SharedArrayBuffer(SLOT * SLOTS));
  /** The slot being filled, and how far. */
  #slot = 0;
  #fill = 0;
  /** Marks in the slot being filled, and the files whose end is among them. */
  #marks: number[] = [];
  #ending: Deferred[] = [];
  /** Slots sent and not yet hashed, oldest first (the worker answers in order). */
  #inFlight: Promise<unknown>[] = [];
  #open = false;
  #failed: unknown;

  constructor() {
    this.#inFlight.push(this.#job({ op: 'open', session: this.#session, ring: this.#ring.buffer as SharedArrayBuffer }, []));
  }

  /**
   * Hands bytes on (copied: the caller may reuse them). Returns a promise only when the ring is
   * full (or a job failed): await it before the next push. Most pushes (a tar header, a small
   * file) fit the slot being filled and cost no promise.
   */
  push(bytes: Uint8Array): Promise<void> | undefined {
    let at = 0;
    while (at < bytes.length) {
      if (this.#fill === SLOT) this.#dispatch();
      if (this.#inFlight.length >= SLOTS || this.#failed) return this.#pushAfterReady(at === 0 ? bytes : bytes.subarray(at));
      const n = Math.min(bytes.length - at, SLOT - this.#fill);
      this.#ring.set(n === bytes.length ? bytes : bytes.subarray(at, at + n), this.#slot * SLOT + this.#fill);
      this.#fill += n;
      at += n;
    }
    return undefined;
  }

  async #pushAfterReady(rest: Uint8Array): Promise<void> {
    await this.#ready();
    await this.push(rest);
  }

  /** Marks the start of a file at the current position (files do not nest). */
  openFile(): MarkedFile {
    if (this.#open) throw new Error('StreamHasher: a file is already open');
    this.#open = true;
    this.#marks.push(this.#fill);
    const ends = deferred();
    let closed = false;
    return {
      close: () => {
        if (closed) return;
        closed = true;
        this.#open = false;
        this.#marks.push(this.#fill);
        this.#ending.push(ends);
      },
      digest: () => {
        if (!closed) return Promise.reject(new Error('StreamHasher: digest of a file not closed'));
        // Its end may still sit in the slot being filled: send that now rather than wait for more.
        if (this.#ending.includes(ends)) this.#dispatch();
        return ends.promise;
      },
    };
  }

  /** The sha256 (hex) of every byte pushed. */
  async end(): Promise<string> {
    if (this.#open) throw new Error('StreamHasher: ended inside a file');
    this.#dispatch();
    const [hex] = await this.#lane.run({ op: 'end', session: this.#session });
    await Promise.all(this.#inFlight);
    if (this.#failed) throw this.#failed;
    return hex!;
  }

  /** Drops the session (the ingest failed); pending digests reject. */
  abandon(): void {
    const dropped = new Error('StreamHasher: abandoned');
    for (const d of this.#ending) d.reject(dropped);
    this.#ending = [];
    void this.#lane.run({ op: 'drop', session: this.#session }).catch(() => undefined);
  }

  /** Waits until the worker is done with the slot being filled (the one sent SLOTS jobs ago). */
  async #ready(): Promise<void> {
    while (this.#inFlight.length >= SLOTS) await this.#inFlight.shift();
    if (this.#failed) throw this.#failed;
  }

  /** Sends the slot being filled (with its marks), without waiting; later bytes go to the next slot. */
  #dispatch(): void {
    if (this.#fill === 0 && this.#marks.length === 0) return;
    const ending = this.#ending;
    // A file still open carries on into the next slot: the worker keeps its hash until its end mark.
    this.#inFlight.push(this.#job({ op: 'data', session: this.#session, offset: this.#slot * SLOT, length: this.#fill, marks: this.#marks }, ending));
    this.#slot = (this.#slot + 1) % SLOTS;
    this.#fill = 0;
    this.#marks = [];
    this.#ending = [];
  }

  #job(job: HashJob, ending: Deferred[]): Promise<unknown> {
    return this.#lane.run(job).then(
      (digests) => digests.forEach((hex, i) => ending[i]!.resolve(hex)),
      (error: unknown) => {
        this.#failed ??= error;
        for (const d of ending) d.reject(error);
      },
    );
  }
}
