/**
 * Compressed sizes without keeping compressed bytes: what a chunk costs in a store (zstd, or
 * raw when zstd saves less than RAW_THRESHOLD, exactly as the store decides), and the gzip and
 * zstd sizes of whole streams (a layer, a layer's framing, a file too large to hold).
 *
 * Chunk sizes use one-shot compression (`Compressor.compress`, as the store does), so they
 * equal what ingest stores byte for byte. Streams use zstd's streaming API with the input
 * length pledged when it is known: for inputs under about 64 KiB the output is the same as
 * one-shot, beyond that it can differ by a fraction of a percent.
 *
 * gzip runs on libuv's thread pool (node:zlib streams), so it overlaps the chunking and
 * hashing on the main thread. Two settings make that overlap real: a large output buffer
 * (with zlib's default 16 KiB, each thread-pool job stops after 16 KiB of output and waits for
 * the busy main thread to schedule the next), and a write queue of GZIP_QUEUE_BYTES, past
 * which writes wait for it to drain (the queued pieces are referenced, not copied).
 */
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { Compressor } from 'zstd-napi';
import binding from 'zstd-napi/binding.js';
/** Stored raw unless zstd output is below this fraction of the input (the store's rule). */
export const RAW_THRESHOLD = 0.97;
/** Sizes chunks as the store stores them. */
export class ChunkSizer {
    level;
    #compressor = new Compressor();
    constructor(level) {
        this.level = level;
        this.#compressor.setParameters({ compressionLevel: level });
    }
    /** Bytes the chunk takes in a store: its zstd size, or its own length when zstd saves too little. */
    storedLength(bytes) {
        if (bytes.length === 0)
            return 0;
        const compressed = this.#compressor.compress(bytes).length;
        return storedOrRaw(compressed, bytes.length);
    }
}
/** The store's raw-or-compressed decision, on lengths. */
export function storedOrRaw(compressedLength, rawLength) {
    return compressedLength >= rawLength * RAW_THRESHOLD ? rawLength : compressedLength;
}
const OUT_SIZE = binding.cStreamOutSize();
const EMPTY = new Uint8Array(0);
/** The zstd-compressed size of a stream fed piece by piece; synchronous, on the calling thread. */
export class ZstdStreamSize {
    #cctx = new binding.CCtx();
    #out;
    #bytes = 0;
    #inputBytes = 0;
    #ended = false;
    /** `pledgedLength`: the input's exact length, when known (the frame then records it, as one-shot compression does). */
    constructor(level, pledgedLength, scratch) {
        this.#cctx.setParameter(binding.CParameter.compressionLevel, level);
        if (pledgedLength !== undefined)
            this.#cctx.setPledgedSrcSize(pledgedLength);
        this.#out = scratch ?? Buffer.allocUnsafe(OUT_SIZE);
    }
    get inputBytes() {
        return this.#inputBytes;
    }
    update(bytes) {
        if (this.#ended)
            throw new TypeError('ZstdStreamSize: update after end');
        this.#inputBytes += bytes.length;
        let input = bytes;
        while (input.length > 0) {
            const [, produced, consumed] = this.#cctx.compressStream2(this.#out, input, binding.EndDirective.continue);
            this.#bytes += produced;
            input = input.subarray(consumed);
        }
    }
    /** Ends the frame; returns the compressed size. An empty input gives 0 (nothing to store). */
    end() {
        if (this.#ended)
            return this.#bytes;
        this.#ended = true;
        if (this.#inputBytes === 0)
            return 0;
        for (;;) {
            const [remaining, produced] = this.#cctx.compressStream2(this.#out, EMPTY, binding.EndDirective.end);
            this.#bytes += produced;
            if (remaining === 0)
                break;
        }
        return this.#bytes;
    }
}
/** A scratch output buffer for ZstdStreamSize instances used one after another. */
export function zstdScratch() {
    return Buffer.allocUnsafe(OUT_SIZE);
}
const GZIP_OUTPUT_BYTES = 1 << 20;
const GZIP_QUEUE_BYTES = 8 << 20;
/** The gzip size of a stream, compressed on the thread pool. */
export class GzipStreamSize {
    #gzip;
    #bytes = 0;
    #error;
    #draining;
    constructor(level) {
        // zlib passes stream options on to its Transform; ZlibOptions does not declare them.
        this.#gzip = createGzip({ level, chunkSize: GZIP_OUTPUT_BYTES, writableHighWaterMark: GZIP_QUEUE_BYTES });
        this.#gzip.on('data', (piece) => {
            this.#bytes += piece.length;
        });
        this.#gzip.on('error', (error) => {
            this.#error = error;
        });
    }
    /** Queues bytes (kept by reference until compressed: do not reuse the buffer). */
    async write(bytes) {
        if (this.#draining) {
            await this.#draining;
            this.#draining = undefined;
        }
        if (this.#error)
            throw this.#error;
        if (bytes.length === 0)
            return;
        if (!this.#gzip.write(bytes))
            this.#draining = once(this.#gzip, 'drain');
    }
    /** Ends the stream; resolves to the compressed size. */
    async end() {
        if (this.#draining)
            await this.#draining;
        const ended = once(this.#gzip, 'end');
        this.#gzip.end();
        await ended;
        if (this.#error)
            throw this.#error;
        return this.#bytes;
    }
    /** Stops early (on error elsewhere); frees the zlib state. */
    destroy() {
        this.#gzip.destroy();
    }
}
//# sourceMappingURL=sizers.js.map