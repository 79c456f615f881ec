/**
 * Suffix array construction by induced sorting (SA-IS: Nong, Zhang and Chan, 2009), written
 * for this module. The string is read with a virtual sentinel past its end that is smaller
 * than every symbol, so no copy with an appended terminator is made.
 *
 * Memory: the result (4 bytes per input byte), one type byte per input byte, and two bucket
 * arrays of the alphabet size; the reduced problem of each recursion level lives inside the
 * result array (it has at most n/2 symbols), plus its own type bytes and buckets (at most n/2
 * and n/4 bytes more). About 5n + 2 KiB for a byte string of length n at the top level.
 */
/** The suffix array of `text`: the start offsets of its suffixes in lexicographic order. */
export declare function suffixArray(text: Uint8Array): Int32Array;
