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
 *
 * A stream that fits the ring is hashed here, without the worker: its slots are kept until the
 * ring is full, and only then does the worker start and get them all. A small layer (a
 * security fix's few files, a bundle's, a pull's) then pays neither the worker's start (about
 * 0.1 s of CPU on the VMs measured, and as long a wait) nor a message.
 */
import { createHash } from 'node:crypto';
import { WorkerPool, type Lane } from '../workers/pool.js';
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

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A slot filled while the stream was hashed here: what it would have been sent with. */
interface HeldSlot {
  length: number;
  marks: number[];
  ending: Deferred[];
}

export class StreamHasher {
  /** The worker's lane, once the stream outgrew the ring. */
  #lane: Lane<HashJob, HashReply> | undefined;
  /** Slots filled and kept here while the stream fits the ring (filled in order from slot 0, so the stream is the ring's start). */
  #held: HeldSlot[] = [];
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
    // Where the file lies in the ring, for a digest taken here (while the stream fits the ring).
    const start = this.#slot * SLOT + this.#fill;
    let end = start;
    const ends = deferred();
    let closed = false;
    return {
      close: () => {
        if (closed) return;
        closed = true;
        this.#open = false;
        this.#marks.push(this.#fill);
        this.#ending.push(ends);
        end = this.#slot * SLOT + this.#fill;
      },
      digest: () => {
        if (!closed) return Promise.reject(new Error('StreamHasher: digest of a file not closed'));
        // Still all in the ring: hashed here (should the worker take the stream over, its answer for this file changes nothing).
        if (this.#lane === undefined) {
          ends.resolve(sha256(this.#ring.subarray(start, end)));
          return ends.promise;
        }
        // Its end may still sit in the slot being filled: send that now rather than wait for more.
        if (this.#ending.includes(ends)) this.#dispatch();
        return ends.promise;
      },
    };
  }

  /** The sha256 (hex) of every byte pushed. */
  async end(): Promise<string> {
    if (this.#open) throw new Error('StreamHasher: ended inside a file');
    if (this.#lane === undefined) return sha256(this.#ring.subarray(0, this.#slot * SLOT + this.#fill));
    this.#dispatch();
    const [hex] = await this.#lane.run({ op: 'end', session: this.#session });
    await Promise.all(this.#inFlight);
    if (this.#failed) throw this.#failed;
    return hex!;
  }

  /** Drops the session (the ingest failed); pending digests reject. */
  abandon(): void {
    const dropped = new Error('StreamHasher: abandoned');
    for (const d of [...this.#held.flatMap((h) => h.ending), ...this.#ending]) d.reject(dropped);
    this.#held = [];
    this.#ending = [];
    void this.#lane?.run({ op: 'drop', session: this.#session }).catch(() => undefined);
  }

  /** Waits until the worker is done with the slot being filled (the one sent SLOTS jobs ago). */
  async #ready(): Promise<void> {
    while (this.#inFlight.length >= SLOTS) await this.#inFlight.shift();
    if (this.#failed) throw this.#failed;
  }

  /** Sends the slot being filled (with its marks), without waiting; later bytes go to the next slot. */
  #dispatch(): void {
    if (this.#fill === 0 && this.#marks.length === 0) return;
    if (this.#lane === undefined) {
      // Called here only on a full slot: kept, and the next one filled, until the ring is full.
      this.#held.push({ length: this.#fill, marks: this.#marks, ending: this.#ending });
      this.#fill = 0;
      this.#marks = [];
      this.#ending = [];
      if (this.#slot < SLOTS - 1) this.#slot++;
      else this.#toWorker();
      return;
    }
    const ending = this.#ending;
    // A file still open carries on into the next slot: the worker keeps its hash until its end mark.
    this.#inFlight.push(this.#job({ op: 'data', session: this.#session, offset: this.#slot * SLOT, length: this.#fill, marks: this.#marks }, ending));
    this.#slot = (this.#slot + 1) % SLOTS;
    this.#fill = 0;
    this.#marks = [];
    this.#ending = [];
  }

  /** The ring is full: the worker starts, takes the stream from its first byte, and hashes from now on. */
  #toWorker(): void {
    this.#lane = workers().lane();
    this.#inFlight.push(this.#job({ op: 'open', session: this.#session, ring: this.#ring.buffer as SharedArrayBuffer }, []));
    for (const [slot, held] of this.#held.entries()) {
      this.#inFlight.push(this.#job({ op: 'data', session: this.#session, offset: slot * SLOT, length: held.length, marks: held.marks }, held.ending));
    }
    this.#held = [];
    // Slot 0 is filled again once its job is done (#ready waits for it).
    this.#slot = 0;
  }

  #job(job: HashJob, ending: Deferred[]): Promise<unknown> {
    return this.#lane!.run(job).then(
      (digests) => digests.forEach((hex, i) => ending[i]!.resolve(hex)),
      (error: unknown) => {
        this.#failed ??= error;
        for (const d of ending) d.reject(error);
      },
    );
  }
}
