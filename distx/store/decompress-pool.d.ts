import { type BatchRecord } from './decompress-batch.js';
export declare class DecompressPool {
    #private;
    /**
     * Whether the worker is up. The first call starts it and answers false: a worker takes
     * longer to start than a small layer takes to decode, so callers decode on their own thread
     * until it is ready.
     */
    ready(): boolean;
    /** Whether IN_FLIGHT jobs are waiting for the worker. */
    busy(): boolean;
    /** A buffer of at least `n` bytes to read payloads into and hand to decompress(). */
    buffer(n: number): Uint8Array;
    /**
     * The records' bytes, back to back over new buffers (see decompressBatch). `input` (from buffer()) is taken over:
     * the caller must not touch it afterwards. Rejects when a payload does not decompress to its
     * length, or when no worker runs.
     */
    decompress(input: Uint8Array, records: BatchRecord[]): Promise<Uint8Array[]>;
    close(): Promise<void>;
}
