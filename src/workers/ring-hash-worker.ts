/**
 * The thread of ring-hash.ts: hashes each slot the caller publishes, in order, and at a slot
 * marked END writes the digest and starts the next hash. It waits on the shared counters
 * (no messages), so a caller that is blocked itself can still be served.
 */
import { createHash, type Hash } from 'node:crypto';
import { workerData } from 'node:worker_threads';
import { CONSUMED, CONTROL_WORDS, DATA_AT, DIGEST_AT, END, LENGTHS, PRODUCED, READY, SLEEPING, SLOT_BYTES, SLOTS, STATE, WAITING } from './ring-hash-layout.js';

/** What the thread is started with: the ring's memory. */
export type RingHashWorkerData = SharedArrayBuffer;

const shared = workerData as RingHashWorkerData;
const control = new Int32Array(shared, 0, CONTROL_WORDS);
const data = new Uint8Array(shared, DATA_AT, SLOTS * SLOT_BYTES);
const digest = new Uint8Array(shared, DIGEST_AT, 32);

let hash: Hash = createHash('sha256');
let consumed = Atomics.load(control, CONSUMED);
Atomics.store(control, STATE, READY);

for (;;) {
  // SLEEPING before the wait, which returns at once if PRODUCED moved meanwhile.
  Atomics.store(control, SLEEPING, 1);
  Atomics.wait(control, PRODUCED, consumed);
  Atomics.store(control, SLEEPING, 0);
  while (Atomics.load(control, PRODUCED) !== consumed) {
    const slot = consumed & (SLOTS - 1);
    const length = control[LENGTHS + slot]!;
    if (length === END) {
      digest.set(hash.digest());
      hash = createHash('sha256');
    } else {
      hash.update(data.subarray(slot * SLOT_BYTES, slot * SLOT_BYTES + length));
    }
    consumed = (consumed + 1) | 0;
    Atomics.store(control, CONSUMED, consumed);
    if (Atomics.load(control, WAITING) !== 0) Atomics.notify(control, CONSUMED);
  }
}
