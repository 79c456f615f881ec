import type * as ZstdNapi from 'zstd-napi';
type Compressor = ZstdNapi.Compressor;
type Decompressor = ZstdNapi.Decompressor;
/** Store raw unless zstd output is below this fraction of the input. */
export declare const RAW_THRESHOLD = 0.97;
/**
 * zstd of `data`, or null when that saves too little. `own` (the default) returns a fresh
 * buffer of its own, which can be transferred between threads; otherwise the result may be a
 * view the caller copies before the compressor's next call.
 */
export declare function compressOrNull(compressor: Compressor, data: Uint8Array, own?: boolean): Uint8Array | null;
/** A batch's chunks as stored, back to back in `bytes`: `lengths[i]` bytes each, zstd where `zstd[i]`. */
export interface CompressedBatch {
    bytes: Uint8Array;
    lengths: number[];
    zstd: boolean[];
    /** From a worker: the job's input buffer, handed back to be reused. */
    input?: Uint8Array;
}
/**
 * Compresses batches of chunks (held back to back, `lengths` long each) straight into one
 * output buffer: each chunk's stored form (zstd, or the chunk itself when that saves too
 * little) follows the previous one, with no buffer per chunk.
 */
export declare class BatchCompressor {
    #private;
    constructor(level: number);
    compress(data: Uint8Array, lengths: readonly number[]): CompressedBatch;
}
export declare function createCompressor(level: number): Compressor;
export declare function createDecompressor(): Decompressor;
/**
 * Decompresses records into exactly their recorded length. It never allocates more than that
 * (a damaged zstd frame header may claim any content size, which Decompressor would allocate)
 * and fails when the payload decompresses to any other length.
 */
export declare class RecordDecompressor {
    #private;
    decompress(payload: Uint8Array, length: number): Buffer;
    /** Decompresses `payload` into all of `out`, which must be its recorded length. */
    decompressInto(out: Uint8Array, payload: Uint8Array): void;
}
export {};
