import type { DecodeJob } from './decode-worker.js';
/**
 * Workers worth starting for deltas whose targets total `bytes`. Starting one costs more CPU
 * than decoding tens of MiB (a worker's runtime and modules, then its code compiled anew:
 * measured here about 0.2 s of CPU each, against 0.1-0.3 s for the 26 MB of tsc's deltas
 * inline), so totals up to INLINE_BYTES decode on the calling thread, and a worker is started
 * per WORKER_BYTES beyond (two at most).
 */
export declare function decodeThreads(bytes: number, cores?: number): number;
/** Delta targets up to this many bytes in all are decoded inline... */
export declare const INLINE_BYTES: number;
export declare class DecodePool {
    #private;
    constructor(threads?: number);
    /** Workers decoding (0: inline). */
    get threads(): number;
    /** The job's target; `job.base` (or its payloads) and `job.delta` are taken over when they own their buffers. */
    decode(job: DecodeJob): Promise<Uint8Array>;
    close(): Promise<void>;
}
