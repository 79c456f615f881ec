export interface MatchResult {
    /** (diffLength, extraLength, seek) triples, flattened. */
    steps: ArrayLike<number>;
    diff: Uint8Array;
    extra: Uint8Array;
}
/**
 * The longest match of target[at..] among the base's suffixes: binary search for where the
 * target suffix would sort, skipping the prefix both bounds are known to share with it.
 */
export declare class SuffixSearch {
    #private;
    readonly base: Uint8Array;
    matchPos: number;
    constructor(base: Uint8Array, sa?: Int32Array);
    /** Returns the match length and leaves its base offset in `matchPos`. */
    longest(target: Uint8Array, at: number): number;
}
/**
 * Matches `target` against `base` (whose suffix array `search` holds), in TypeScript.
 * `minGain`: a new match is taken when it beats the current alignment by more than this many
 * bytes (bsdiff: 8). Higher values leave short matches inside new text to the extra stream.
 */
export declare function matchBsdiff(search: SuffixSearch, target: Uint8Array, minGain?: number): MatchResult;
