/**
 * Context-modelled coding of the sa method's diff stream (coding 1 of the diff stream, see
 * docs/delta.md): each diff byte is coded with an adaptive binary range coder (LZMA's: 11-bit
 * probabilities, shift 5, 32-bit range) under contexts the decoder also knows: the base bytes
 * the diff byte is added to and before it, how many zero diff bytes precede it, and whether
 * the diff bytes 4 and 8 back were non-zero (relocated pointers come in strides). A flag says
 * whether the byte is non-zero; a non-zero byte follows as an 8-bit binary tree whose context
 * is the previous diff byte when that was non-zero, else the diff byte 8 back. On executables
 * this beats both zstd and bzip2 on the same stream.
 */
/** Codes the diff stream; `steps` are the sa method's (diffRun, extraRun, seek) triples. */
export declare function encodeDiffModel(diff: Uint8Array, base: Uint8Array, steps: ArrayLike<number>): Uint8Array;
/**
 * Decodes the next diff bytes one run at a time: `fill(diff, from, count, base, basePos)`
 * decodes diff[from, from + count), added to base[basePos, basePos + count). The same model
 * and range decoder as the encoder's, written out flat with the coder's state in locals (the
 * decoder runs once per diff byte, and this loop is most of an apply's delta decoding).
 * Bytes read past the end of the input are zero; the result is checked by digest.
 */
export declare class DiffModelDecoder {
    #private;
    constructor(input: Uint8Array);
    /** True when the decoder read more than its input (a sign of damage). */
    get overrun(): boolean;
    fill(diff: Uint8Array, from: number, count: number, base: Uint8Array, basePos: number): void;
}
/**
 * The diff stream for the sa method's `steps` (diff run, extra run, seek: three numbers each,
 * checked by the caller) decoded into `diff`, and whether the decoder read past its input.
 */
export declare function decodeDiffSteps(input: Uint8Array, base: Uint8Array, steps: readonly number[], diff: Uint8Array): {
    diff: Uint8Array;
    overrun: boolean;
};
