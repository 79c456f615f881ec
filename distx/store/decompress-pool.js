/**
 * Record decompression on a worker thread, for readers that hash or hand on what they read
 * (a layer rebuilt under its DiffID) while the next batch decompresses. A job is a whole batch:
 * its stored payloads in one buffer, which moves to the worker and back to be filled again
 * (touching fresh memory costs a page fault per 4 KiB), and its records' bytes in new buffers,
 * which move back and are the caller's to keep.
 */
import { takeSpare } from '../scratch.js';
import { WorkerPool } from '../workers/pool.js';
import { encodeRecords } from './decompress-batch.js';
/** Worker threads: the reading thread has the layer's hash and the hand-off to do beside them. */
const THREADS = 1;
/**
 * Jobs in flight at most: past that, busy() says the caller should decompress on its own
 * thread. When the worker falls behind (it gets less CPU than the caller on a loaded machine)
 * the caller shares its work instead of waiting for it.
 */
const IN_FLIGHT = 2;
/** Input buffers are made in multiples of this size, and this many are kept for reuse. */
const SPARE_ROUND = 256 << 10;
const SPARES = IN_FLIGHT + 2;
export class DecompressPool {
    #workers;
    #spare = [];
    #closed = false;
    #ready = false;
    #inFlight = 0;
    /**
     * Whether the worker is up. The first call starts it and answers false: a worker takes
     * longer to start than a small layer takes to decode, so callers decode on their own thread
     * until it is ready.
     */
    ready() {
        if (this.#ready || this.#closed)
            return this.#ready;
        if (!this.#workers) {
            this.#workers = new WorkerPool({ script: new URL('./decompress-worker.js', import.meta.url), threads: THREADS, name: 'decompression worker' });
            this.#workers.run({ input: new Uint8Array(0), records: new Uint32Array(0) }).then(() => { this.#ready = true; }, () => undefined);
        }
        return false;
    }
    /** Whether IN_FLIGHT jobs are waiting for the worker. */
    busy() {
        return this.#inFlight >= IN_FLIGHT;
    }
    /** A buffer of at least `n` bytes to read payloads into and hand to decompress(). */
    buffer(n) {
        return takeSpare(this.#spare, n, SPARE_ROUND);
    }
    /**
     * The records' bytes, back to back over new buffers (see decompressBatch). `input` (from buffer()) is taken over:
     * the caller must not touch it afterwards. Rejects when a payload does not decompress to its
     * length, or when no worker runs.
     */
    async decompress(input, records) {
        if (this.#closed || !this.#workers)
            throw new Error('decompression pool closed or not started');
        const job = { input, records: encodeRecords(records) };
        this.#inFlight++;
        let result;
        try {
            result = await this.#workers.run(job, [input.buffer, job.records.buffer]);
        }
        finally {
            this.#inFlight--;
        }
        const { outputs, input: back } = result;
        if (this.#spare.length < SPARES)
            this.#spare.push(back.buffer);
        return outputs;
    }
    async close() {
        this.#closed = true;
        this.#spare = [];
        await this.#workers?.close();
    }
}
//# sourceMappingURL=decompress-pool.js.map