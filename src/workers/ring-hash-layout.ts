/**
 * The shared memory of ring-hash.ts and its thread (ring-hash-worker.ts): Int32 control words,
 * SLOTS slots of SLOT_BYTES, then the 32 bytes of the last digest. Counters wrap at 2^32;
 * SLOTS is a power of two.
 */
export const SLOTS = 8;
export const SLOT_BYTES = 1 << 20;
/** Control word indexes: produced and consumed slot counts, the thread's state, who waits, each slot's length. */
export const PRODUCED = 0;
export const CONSUMED = 1;
export const STATE = 2;
/** Set while the ring's thread waits for a slot (SLEEPING) or the caller for the thread (WAITING): only then is the other woken, a system call each. */
export const SLEEPING = 3;
export const WAITING = 4;
export const LENGTHS = 5;
export const CONTROL_WORDS = LENGTHS + SLOTS;
/** STATE once the thread is up (0 until then). */
export const READY = 1;
/** A slot length marking the end of a hash: the thread writes the digest and starts the next. */
export const END = -1;

export const DATA_AT = CONTROL_WORDS * 4;
export const DIGEST_AT = DATA_AT + SLOTS * SLOT_BYTES;
export const SHARED_BYTES = DIGEST_AT + 32;
