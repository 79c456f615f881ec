/**
 * Reads the first block of a raw deflate stream far enough to count its symbols. zlib ends
 * a block only when its symbol buffer is full (2^(memLevel+6) - 1 symbols) or at the end of
 * the input, so a first block that is not the last one names zlib's memLevel exactly, and a
 * count that fits no memLevel (GNU gzip, Go, 7-Zip...) rules zlib out without compressing.
 */
export interface FirstBlock {
    type: 0 | 1 | 2;
    final: boolean;
    /** Literals plus matches before the end-of-block code (fixed and dynamic blocks). */
    symbols?: number;
    /** Input bytes the block covers. */
    inputBytes: number;
}
/** The first block's type and symbol count, or undefined when the stream cannot be read. */
export declare function readFirstBlock(stream: Uint8Array, maxSymbols?: number): FirstBlock | undefined;
/**
 * The memLevels zlib could have used to write this first block; undefined when the block
 * says nothing (stored, unreadable); an empty list when zlib cannot have written it.
 */
export declare function zlibMemLevels(block: FirstBlock | undefined): number[] | undefined;
