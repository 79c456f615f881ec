/**
 * Compressed sizes on worker threads (a WorkerPool running size-worker.ts), so that
 * compression (the report's heaviest work: every new chunk in every mode, whole layers, large
 * files) runs beside the reading, hashing and chunking on the main thread, as ingest's
 * compression does. Results come back as promises; `throttle` bounds the bytes in flight (the
 * caller's backpressure) and throws once any size has failed. With no threads it all runs
 * inline.
 */
import { availableParallelism } from 'node:os';
import { WorkerPool } from '../workers/pool.js';
import { ChunkSizer, ZstdStreamSize } from './sizers.js';
/** Bytes sent to workers and not yet done with, past which `throttle` waits. */
const MAX_IN_FLIGHT_BYTES = 32 << 20;
function copyOf(bytes) {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return copy;
}
export class SizePool {
    #workers;
    #streams = 0;
    #inFlight = 0;
    #waiters = [];
    #failed;
    #inline = new Map();
    constructor(threads = Math.min(2, availableParallelism())) {
        if (threads > 0)
            this.#workers = new WorkerPool({ script: new URL('./size-worker.js', import.meta.url), threads, name: 'size worker' });
    }
    #wake() {
        if (this.#inFlight > MAX_IN_FLIGHT_BYTES && this.#failed === undefined)
            return;
        for (const wake of this.#waiters.splice(0))
            wake();
    }
    #send(lane, job, bytes, transfer) {
        if (this.#failed !== undefined)
            return Promise.reject(this.#failed);
        this.#inFlight += bytes;
        const settled = () => {
            this.#inFlight -= bytes;
            this.#wake();
        };
        return lane.run(job, transfer ? [transfer] : undefined).then((size) => {
            settled();
            return size;
        }, (error) => {
            this.#failed ??= error;
            settled();
            throw error;
        });
    }
    /** Waits while too many bytes are in flight; throws the first failure. */
    async throttle() {
        while (this.#inFlight > MAX_IN_FLIGHT_BYTES && this.#failed === undefined)
            await new Promise((wake) => this.#waiters.push(wake));
        if (this.#failed !== undefined)
            throw this.#failed;
    }
    /** The stored length of a chunk (a copy of `bytes` is sent; the caller may reuse its buffer). */
    chunk(bytes, level) {
        if (!this.#workers) {
            let sizer = this.#inline.get(level);
            if (!sizer)
                this.#inline.set(level, (sizer = new ChunkSizer(level)));
            return Promise.resolve(sizer.storedLength(bytes));
        }
        const data = copyOf(bytes);
        return this.#send(this.#workers, { op: 'chunk', data, level }, data.length, data.buffer);
    }
    /** A zstd stream sized on one worker; pieces are copied as they are given. */
    stream(level, pledged) {
        if (!this.#workers) {
            const sizer = new ZstdStreamSize(level, pledged);
            return { update: (bytes) => sizer.update(bytes), end: () => Promise.resolve(sizer.end()) };
        }
        const stream = this.#streams++;
        const lane = this.#workers.lane();
        const track = (p) => p.catch(() => undefined);
        track(this.#send(lane, { op: 'open', stream, level, pledged }, 0));
        return {
            update: (bytes) => {
                if (bytes.length === 0)
                    return;
                const data = copyOf(bytes);
                track(this.#send(lane, { op: 'update', stream, data }, data.length, data.buffer));
            },
            end: () => this.#send(lane, { op: 'end', stream }, 0),
        };
    }
    /** Stops the workers; sizes still in flight reject. Idempotent. */
    async close() {
        await this.#workers?.close();
    }
}
//# sourceMappingURL=size-pool.js.map