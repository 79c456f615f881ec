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
/** Largest buffer a slot keeps between calls. */
const RETAIN_BYTES = 64 * 1024 * 1024;
export class ScratchSlot {
    #buffer;
    /** `length` bytes of the slot's buffer (contents undefined: whatever the last user left). */
    take(length) {
        if (length > RETAIN_BYTES)
            return new Uint8Array(length);
        if (!this.#buffer || this.#buffer.byteLength < length) {
            // Grown with room, so that a run of slightly larger requests does not reallocate each time.
            this.#buffer = new ArrayBuffer(Math.min(RETAIN_BYTES, Math.max(length, Math.ceil(length * 1.25))));
        }
        return new Uint8Array(this.#buffer, 0, length);
    }
}
/**
 * `n` bytes over the smallest of `spares` that fits (taken out of the list), else over a new
 * buffer rounded up to a multiple of `round` (so that it fits later requests too): for pools
 * whose buffers go to a worker and come back to be filled again.
 */
export function takeSpare(spares, n, round) {
    let best = -1;
    for (const [i, spare] of spares.entries()) {
        if (spare.byteLength >= n && (best < 0 || spare.byteLength < spares[best].byteLength))
            best = i;
    }
    const buffer = best >= 0 ? spares.splice(best, 1)[0] : new ArrayBuffer(Math.ceil(n / round) * round);
    return new Uint8Array(buffer, 0, n);
}
//# sourceMappingURL=scratch.js.map