/** A zstd stream whose size a worker counts. */
export interface SizeStream {
    update(bytes: Uint8Array): void;
    end(): Promise<number>;
}
export declare class SizePool {
    #private;
    constructor(threads?: number);
    /** Waits while too many bytes are in flight; throws the first failure. */
    throttle(): Promise<void>;
    /** The stored length of a chunk (a copy of `bytes` is sent; the caller may reuse its buffer). */
    chunk(bytes: Uint8Array, level: number): Promise<number>;
    /** A zstd stream sized on one worker; pieces are copied as they are given. */
    stream(level: number, pledged?: number): SizeStream;
    /** Stops the workers; sizes still in flight reject. Idempotent. */
    close(): Promise<void>;
}
