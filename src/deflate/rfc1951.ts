/**
 * The fixed tables of the deflate format (RFC 1951, 3.2.5 and 3.2.7), shared by the reader of
 * first blocks (first-block.ts) and Go's block writer (go-block-writer.ts).
 */

/** Literal/length symbols (0-285) and distance symbols (0-29) a block may use. */
export const LITERALS = 286;
export const DISTANCES = 30;
/** The end-of-block symbol. */
export const END_BLOCK = 256;
/** Length symbol 257 + i: a match of LENGTH_BASE[i] plus LENGTH_EXTRA[i] bits. */
export const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
export const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Distance symbol i: DISTANCE_BASE[i] plus DISTANCE_EXTRA[i] bits. */
export const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
export const DISTANCE_BASE = DISTANCE_EXTRA.map((_, i) => 1 + (i < 4 ? i : (2 + (i & 1)) << ((i >> 1) - 1)));
/** The order in which a dynamic block's header gives the code lengths of the code-length code. */
export const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
