/** A chunk to compress (its buffer is transferred) and the zstd level. */
export interface CompressOneJob {
    data: Uint8Array;
    level: number;
}
/** Many chunks, back to back in `data` (transferred), `lengths` long each. */
export interface CompressBatchJob {
    data: Uint8Array;
    lengths: number[];
    level: number;
}
export type CompressJob = CompressOneJob | CompressBatchJob;
export type { CompressedBatch } from './compression.js';
/** A chunk as it will be stored: zstd-compressed, or raw when compression saves too little. */
export interface Compressed {
    zstd: boolean;
    bytes: Uint8Array;
}
