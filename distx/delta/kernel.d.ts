import { type MatchResult } from './matcher.js';
/** The kernel ran out of memory (or could not start): use the TypeScript code instead. */
export declare class KernelMemoryError extends Error {
}
/** The suffix array of `text`, computed by the kernel (suffix-array.ts computes the same). */
export declare function kernelSuffixArray(text: Uint8Array): Int32Array;
/**
 * bsdiff's matching of `target` against `base` (matcher.ts's matchBsdiff, same results), once
 * per match gain in `gains`, over one suffix array.
 */
export declare function kernelMatch(base: Uint8Array, target: Uint8Array, gains?: readonly number[]): MatchResult[];
/**
 * Matches `target` against `base` once per gain: in the kernel, or, when it cannot get the
 * memory, with the TypeScript search (matcher.ts). Both give the same results.
 */
export declare function matchFiles(base: Uint8Array, target: Uint8Array, gains?: readonly number[]): MatchResult[];
/** An sa diff stream as the payload holds it, decompressed: split (gaps and non-zero bytes) or modelled (range-coded). */
export type SaDiffStream = {
    gaps: Uint8Array;
    nonzero: Uint8Array;
} | {
    modelled: Uint8Array;
};
/**
 * The sa method's target rebuilt by the kernel from its decompressed streams (method-sa.ts's
 * decodeSa after the streams are read: the steps checked, the diff stream joined or decoded,
 * base runs plus diff, then extra runs). Returns `targetLength` bytes, a view of the kernel's
 * memory valid until the next decode, or undefined when the kernel refuses the streams (they
 * are damaged, or hold a number past 31 bits): the TypeScript reference then says what is
 * wrong, or rebuilds what is merely large. KernelMemoryError when the kernel cannot get the memory.
 */
export declare function kernelRebuildSa(base: Uint8Array, control: Uint8Array, diff: SaDiffStream, diffLength: number, extra: Uint8Array, targetLength: number): Uint8Array | undefined;
