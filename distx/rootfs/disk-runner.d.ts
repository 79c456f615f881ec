import type { DiskBatch, DiskOp, DiskReply } from './disk-ops.js';
/** Runs batches in order; holds the descriptors of files still being written. */
export declare class DiskOpRunner {
    #private;
    /** Runs one operation now (`data` holds a write's bytes); throws its error as it is. */
    runNow(op: DiskOp, data: Uint8Array): void;
    /** Runs a batch (or, for the last one, closes everything); the reply hands the data buffer back. */
    run(batch: DiskBatch): DiskReply;
}
