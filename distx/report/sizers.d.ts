/** Stored raw unless zstd output is below this fraction of the input (the store's rule). */
export declare const RAW_THRESHOLD = 0.97;
/** Sizes chunks as the store stores them. */
export declare class ChunkSizer {
    #private;
    readonly level: number;
    constructor(level: number);
    /** Bytes the chunk takes in a store: its zstd size, or its own length when zstd saves too little. */
    storedLength(bytes: Uint8Array): number;
}
/** The store's raw-or-compressed decision, on lengths. */
export declare function storedOrRaw(compressedLength: number, rawLength: number): number;
/** The zstd-compressed size of a stream fed piece by piece; synchronous, on the calling thread. */
export declare class ZstdStreamSize {
    #private;
    /** `pledgedLength`: the input's exact length, when known (the frame then records it, as one-shot compression does). */
    constructor(level: number, pledgedLength?: number, scratch?: Buffer);
    get inputBytes(): number;
    update(bytes: Uint8Array): void;
    /** Ends the frame; returns the compressed size. An empty input gives 0 (nothing to store). */
    end(): number;
}
/** A scratch output buffer for ZstdStreamSize instances used one after another. */
export declare function zstdScratch(): Buffer;
/** The gzip size of a stream, compressed on the thread pool. */
export declare class GzipStreamSize {
    #private;
    constructor(level: number);
    /** Queues bytes (kept by reference until compressed: do not reuse the buffer). */
    write(bytes: Uint8Array): Promise<void>;
    /** Ends the stream; resolves to the compressed size. */
    end(): Promise<number>;
    /** Stops early (on error elsewhere); frees the zlib state. */
    destroy(): void;
}
