import type { Compressed, CompressedBatch } from './compress-worker.js';
export type { Compressed, CompressedBatch } from './compress-worker.js';
/** Bytes compressed inline before the workers start, by default (at ≈250 MB/s: about 16 ms). */
export declare const INLINE_BYTES: number;
export interface CompressPoolOptions {
    /** Worker threads. @default min(2, cores); 0: always inline */
    threads?: number;
    /** Bytes compressed inline before the workers start. @default INLINE_BYTES */
    inlineBytes?: number;
}
export declare class CompressPool {
    #private;
    readonly level: number;
    constructor(level: number, options?: CompressPoolOptions);
    /** Worker threads running (none before `inlineBytes` have been compressed inline). */
    get threads(): number;
    /**
     * Compresses `owned`, which the pool takes over (its buffer is transferred to a worker, not
     * copied): the caller must hand in bytes of its own and not touch them afterwards.
     */
    compress(owned: Uint8Array): Promise<Compressed>;
    /**
     * Compresses many small chunks in one job: `owned` holds them back to back (`lengths` long
     * each) and is taken over like compress()'s argument. One message each way, whatever the
     * count: for small files, whose per-message cost would exceed their compression's.
     */
    compressBatch(owned: Uint8Array, lengths: number[]): Promise<CompressedBatch>;
    /**
     * A buffer of `n` bytes to fill and hand to compressBatch: one that came back from an earlier
     * job when one is large enough (touching fresh memory costs a page fault per 4 KiB).
     */
    buffer(n: number): Uint8Array;
    /** Stops the workers; chunks still in flight reject, and so does every later one. Idempotent. */
    close(): Promise<void>;
}
