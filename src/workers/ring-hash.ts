/**
 * sha256 on another thread for a caller that stays synchronous: the bytes are copied into a
 * ring of shared memory (a copy costs a fraction of what hashing does) and a worker thread
 * hashes them while the caller goes on with its own work on them (a rebuilt file copied out of
 * the delta kernel). The caller waits only for the last slot and the digest.
 *
 * One hash at a time: begin() answers undefined while one is under way, on a worker thread,
 * before the hashing thread is up (it starts once the hashes asked for reach EARLY_BYTES: a small
 * job is done before a thread starts) and after the thread failed; the caller then hashes on its own thread. A
 * hash whose thread makes no progress for STALL_MS gives no digest (undefined): the caller
 * hashes again itself, and the ring is not used again in this process. The shared memory's
 * layout: ring-hash-layout.ts.
 */
import { createHash } from 'node:crypto';
import { isMainThread, Worker } from 'node:worker_threads';
// The thread's data type comes through its module, so that compiling this one compiles the worker too.
import type { RingHashWorkerData } from './ring-hash-worker.js';
import { CONSUMED, CONTROL_WORDS, DATA_AT, DIGEST_AT, END, LENGTHS, PRODUCED, READY, SHARED_BYTES, SLEEPING, SLOT_BYTES, SLOTS, STATE, WAITING } from './ring-hash-layout.js';

export { SLOT_BYTES, SLOTS } from './ring-hash-layout.js';

/** How long a waiting caller gives a thread that makes no progress (or, STARTING_MS, has not started). */
const STALL_MS = 10_000;
const STARTING_MS = 3_000;
/**
 * The thread starts once the hashes asked for come to this many bytes in the process, and a
 * hash this large may wait for it to start.
 */
const EARLY_BYTES = 32 << 20;
/** sha256Sink hashes on the ring from this many bytes. */
const RING_FROM = 1 << 20;

/** The worker's module, beside this one. */
const WORKER = new URL('./ring-hash-worker.js', import.meta.url);

let ring: Ring | undefined;
let broken = false;
/** Bytes the hashes asked for before the thread started (it starts once they reach EARLY_BYTES). */
let asked = 0;

class Ring {
  readonly control: Int32Array;
  readonly data: Uint8Array;
  readonly digestBytes: Uint8Array;
  busy = false;

  constructor(readonly shared: SharedArrayBuffer) {
    this.control = new Int32Array(shared, 0, CONTROL_WORDS);
    this.data = new Uint8Array(shared, DATA_AT, SLOTS * SLOT_BYTES);
    this.digestBytes = new Uint8Array(shared, DIGEST_AT, 32);
  }

  ready(): boolean {
    return Atomics.load(this.control, STATE) === READY;
  }
}

function start(): Ring | undefined {
  try {
    const created = new Ring(new SharedArrayBuffer(SHARED_BYTES));
    const workerData: RingHashWorkerData = created.shared;
    const worker = new Worker(WORKER, { workerData });
    worker.on('error', () => { broken = true; });
    worker.on('exit', () => { broken = true; });
    worker.unref();
    return created;
  } catch {
    broken = true;
    return undefined;
  }
}

/**
 * A hash on the ring's thread, or undefined when that is not to be had now (see the module's
 * comment): the caller then hashes on its own thread. `expected` bytes from EARLY_BYTES are
 * worth waiting for a thread still starting (about 0.1 s here).
 */
export function beginRingHash(expected = 0): RingHash | undefined {
  if (broken || !isMainThread) return undefined;
  if (!ring) {
    // Not started for a few small hashes: a thread's start costs about 0.1 s of CPU.
    asked += expected;
    if (asked < EARLY_BYTES) return undefined;
    ring = start();
  }
  if (!ring || broken || ring.busy || (!ring.ready() && expected < EARLY_BYTES)) return undefined;
  return new RingHash(ring);
}

/** @internal For tests: the ring's thread counts as failed from now on in this process (a hash under way gives no digest). */
export function failRingHash(): void {
  broken = true;
}

/** A sha256 under way, on the ring's thread or on this one (sha256Sink). */
export interface Sha256Sink {
  update(bytes: Uint8Array): void;
  /** The digest; undefined only when the ring's thread failed, and the bytes must be hashed again. */
  digest(): Buffer | undefined;
  /** Lets go of the ring when the digest was not taken (a reader that stopped early). */
  close(): void;
}

/**
 * A sha256 of about `expected` bytes: on the ring's thread from RING_FROM bytes when it is
 * free, else on this thread.
 */
export function sha256Sink(expected: number): Sha256Sink {
  const ring = expected >= RING_FROM ? beginRingHash(expected) : undefined;
  if (ring) return ring;
  const hash = createHash('sha256');
  return { update: (bytes) => { hash.update(bytes); }, digest: () => hash.digest(), close: () => undefined };
}

/** One sha256 through the ring: update() as often as needed, then digest() once. */
export class RingHash implements Sha256Sink {
  readonly #ring: Ring;
  #produced: number;
  /** Bytes in the slot being filled. */
  #fill = 0;
  #done = false;

  /** @internal by beginRingHash */
  constructor(ring: Ring) {
    this.#ring = ring;
    ring.busy = true;
    this.#produced = Atomics.load(ring.control, PRODUCED);
  }

  /** Copies `bytes` into the ring (waiting for a free slot when all are full). */
  update(bytes: Uint8Array): void {
    if (this.#done) throw new Error('ring hash: update after digest');
    for (let at = 0; at < bytes.length && !broken;) {
      if (this.#fill === 0 && !this.#room()) return;
      const n = Math.min(SLOT_BYTES - this.#fill, bytes.length - at);
      this.#ring.data.set(bytes.subarray(at, at + n), this.#slot() * SLOT_BYTES + this.#fill);
      this.#fill += n;
      at += n;
      if (this.#fill === SLOT_BYTES) this.#publish(SLOT_BYTES);
    }
  }

  /** The digest of everything given, or undefined when the thread failed (hash again on this one). */
  digest(): Buffer | undefined {
    if (this.#done) throw new Error('ring hash: digest taken');
    this.#done = true;
    try {
      if (broken) return undefined;
      if (this.#fill > 0) this.#publish(this.#fill);
      if (!this.#room()) return undefined;
      this.#publish(END);
      if (!this.#waitConsumed(0)) return undefined;
      return Buffer.from(this.#ring.digestBytes);
    } finally {
      this.#ring.busy = false;
    }
  }

  close(): void {
    if (!this.#done) this.digest();
  }

  #slot(): number {
    return this.#produced & (SLOTS - 1);
  }

  #publish(length: number): void {
    const { control } = this.#ring;
    control[LENGTHS + this.#slot()] = length;
    this.#produced = (this.#produced + 1) | 0;
    Atomics.store(control, PRODUCED, this.#produced);
    if (Atomics.load(control, SLEEPING) !== 0) Atomics.notify(control, PRODUCED);
    this.#fill = 0;
  }

  /** Waits until a slot is free; false when the thread stalled (the ring is then broken). */
  #room(): boolean {
    return this.#waitConsumed(SLOTS - 1);
  }

  /** Waits until at most `behind` published slots are unconsumed; false when the thread stalled. */
  #waitConsumed(behind: number): boolean {
    const { control } = this.#ring;
    for (;;) {
      const consumed = Atomics.load(control, CONSUMED);
      if (((this.#produced - consumed) | 0) <= behind) return true;
      const patience = Atomics.load(control, STATE) === READY ? STALL_MS : STARTING_MS;
      // WAITING before the wait, which returns at once if CONSUMED moved meanwhile.
      Atomics.store(control, WAITING, 1);
      const waited = broken ? 'timed-out' : Atomics.wait(control, CONSUMED, consumed, patience);
      Atomics.store(control, WAITING, 0);
      if (waited === 'timed-out') {
        broken = true;
        return false;
      }
    }
  }
}
