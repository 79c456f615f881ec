export interface Inflated {
    content: Uint8Array;
    /** Bytes of the input the deflate stream occupied. */
    used: number;
}
/**
 * Inflates the raw deflate stream at the start of `input`. More than `maxOutput` bytes of
 * output, or a stream that is damaged or ends early, is a CorruptDataError.
 */
export declare function inflateRawBounded(input: Uint8Array, maxOutput: number, what?: string): Inflated;
