/**
 * Scratch buffers reused from one call to the next, for large working memory that a
 * synchronous step uses and lets go before it returns (a delta's diff stream, a base
 * decompressed for one decode). Fresh memory is dear where page faults are: on the 2-core VMs
 * cairn is measured on, touching a new page costs about 12 µs (3 ms per MiB, more than zstd
 * takes to decompress that MiB), and memory let go is only returned by a later garbage
 * collection, so each large allocation faults its pages in again.
 *
 * A slot hands out one buffer at a time: a caller must be done with it (nothing keeps a view
 * of it) before the slot is asked again. Buffers over RETAIN_BYTES are not kept.
 */
export declare class ScratchSlot {
    #private;
    /** `length` bytes of the slot's buffer (contents undefined: whatever the last user left). */
    take(length: number): Uint8Array;
}
/**
 * `n` bytes over the smallest of `spares` that fits (taken out of the list), else over a new
 * buffer rounded up to a multiple of `round` (so that it fits later requests too): for pools
 * whose buffers go to a worker and come back to be filled again.
 */
export declare function takeSpare(spares: ArrayBuffer[], n: number, round: number): Uint8Array;
