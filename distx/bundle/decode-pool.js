/**
 * Delta decoding for apply: inline when the deltas' targets are small (decodeThreads), else on
 * worker threads, so that the main thread reads bases, stores files and hashes layers while
 * deltas decode. Bases are transferred to the worker when the
 * caller owns their buffer (copied otherwise); targets come back transferred. With no worker
 * (threads: 0) jobs run inline.
 */
import { availableParallelism } from 'node:os';
import { BadInputError, CairnError, CorruptDataError } from '../errors.js';
import { WorkerPool } from '../workers/pool.js';
import { decodeJob, ownsBuffer } from './decode-job.js';
/** A bad or corrupt delta found on a worker, as the same error class and message it would have inline. */
function local(error) {
    if (!(error instanceof CairnError) || !(error.cause instanceof Error))
        return error;
    const details = { cause: error.cause, ...(error.digest === undefined ? {} : { digest: error.digest }) };
    if (error.code === 'CAIRN_BAD_INPUT')
        return new BadInputError(error.cause.message, details);
    if (error.code === 'CAIRN_CORRUPT')
        return new CorruptDataError(error.cause.message, details);
    return error;
}
/**
 * Workers worth starting for deltas whose targets total `bytes`. Starting one costs more CPU
 * than decoding tens of MiB (a worker's runtime and modules, then its code compiled anew:
 * measured here about 0.2 s of CPU each, against 0.1-0.3 s for the 26 MB of tsc's deltas
 * inline), so totals up to INLINE_BYTES decode on the calling thread, and a worker is started
 * per WORKER_BYTES beyond (two at most).
 */
export function decodeThreads(bytes, cores = availableParallelism()) {
    if (!(bytes > INLINE_BYTES))
        return 0;
    return Math.max(1, Math.min(2, cores, Math.ceil((bytes - INLINE_BYTES) / WORKER_BYTES)));
}
/** Delta targets up to this many bytes in all are decoded inline... */
export const INLINE_BYTES = 32 * 1024 * 1024;
/** ...and beyond, a worker per this many bytes. */
const WORKER_BYTES = 64 * 1024 * 1024;
export class DecodePool {
    #workers;
    /** One lane per worker, and the bytes of target each has yet to decode: a job goes to the least loaded. */
    #lanes = [];
    constructor(threads = Math.min(2, availableParallelism())) {
        if (threads > 0) {
            this.#workers = new WorkerPool({ script: new URL('./decode-worker.js', import.meta.url), threads, name: 'delta decode worker' });
            for (let i = 0; i < threads; i++)
                this.#lanes.push({ lane: this.#workers.lane(), queued: 0 });
        }
    }
    /** Workers decoding (0: inline). */
    get threads() {
        return this.#workers?.threads ?? 0;
    }
    /** The job's target; `job.base` (or its payloads) and `job.delta` are taken over when they own their buffers. */
    decode(job) {
        if (!this.#workers) {
            try {
                return Promise.resolve(decodeJob(job));
            }
            catch (error) {
                return Promise.reject(error);
            }
        }
        const base = job.base instanceof Uint8Array ? job.base : job.base.payloads;
        const transfer = [base, job.delta].filter(ownsBuffer).map((b) => b.buffer);
        const lane = this.#lanes.reduce((a, b) => (b.queued < a.queued ? b : a));
        const weight = job.size + (job.base instanceof Uint8Array ? job.base.length : job.base.size);
        lane.queued += weight;
        return lane.lane.run(job, [...new Set(transfer)]).then((target) => { lane.queued -= weight; return target; }, (error) => { lane.queued -= weight; throw local(error); });
    }
    async close() {
        await this.#workers?.close();
    }
}
//# sourceMappingURL=decode-pool.js.map