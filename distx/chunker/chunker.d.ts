import { type ChunkerOptions, type ChunkerParams } from './params.js';
/** One cut: the chunk ends (exclusive) at `end`, an offset from the start of the file. */
export interface Cut {
    readonly end: number;
    /** The rolling hash at the cut (fastcdc: the reference's value; 0 in the other modes). */
    readonly hash: bigint;
}
/** fastcdc masks (before, after the average point) for avg and a normalization level. */
export declare function fastcdcMasks(avg: number, normalization: number): {
    maskS: bigint;
    maskL: bigint;
};
/**
 * aligned thresholds: a candidate cuts when the top 32 bits of its window hash are below the
 * threshold. T = floor(2^32 * align / (avg - min + align)) makes the expected chunk length
 * min + align * (1/p - 1) = avg with no normalization; level L divides T by 2^L before avg
 * and multiplies it by 2^L from avg on (capped at 2^32: always cut).
 */
export declare function alignedThresholds(p: ChunkerParams): {
    thresholdS: bigint;
    thresholdL: bigint;
};
export interface Chunker {
    readonly params: ChunkerParams;
    /** Bytes of WebAssembly memory the kernel holds (fixed; 0 for fixed and file modes). */
    readonly kernelMemoryBytes: number;
    /** Feeds the file's next bytes; returns the chunks they completed. */
    push(data: Uint8Array): Cut[];
    /** Ends the file: returns its last chunk, if any bytes remain, and resets for a new file. */
    finish(): Cut[];
    /** Drops the current file's state. */
    reset(): void;
}
/** Creates a chunker; options are validated (BadParameterError names the parameter). */
export declare function createChunker(options?: ChunkerOptions | ChunkerParams): Chunker;
/** Cuts a whole buffer at once (a convenience over createChunker). */
export declare function cutBuffer(data: Uint8Array, options?: ChunkerOptions | ChunkerParams): Cut[];
