import type { ZipSplit } from './split.js';
export declare const TABLE_RECORD_BYTES = 8;
/**
 * The largest entry stream allowed for an archive of `size` bytes, for the base as for the
 * target: deflate expands at most 1032 times, stored data once, so a real archive stays far
 * below; capped at 1 GiB.
 */
export declare function streamLimit(size: number): number;
/** True when `bytes` starts like a zip (a local header, or the end record of an empty archive). */
export declare function looksLikeZip(bytes: Uint8Array): boolean;
interface StreamEntry {
    at: number;
    content: Uint8Array;
}
/** skeleton ++ table ++ contents; a BadInputError above `limit` bytes or a field over 32 bits. */
export declare function assembleStream(skeleton: Uint8Array, entries: readonly StreamEntry[], limit: number): Uint8Array;
/** The entry stream of any zip used as a delta base; a BadInputError when it is not a zip or its stream exceeds the limit. */
export declare function baseStream(zip: Uint8Array): Uint8Array;
/** The entry stream of a split archive (the target of a zip delta). */
export declare function targetStream(split: ZipSplit): Uint8Array;
/** Cuts an entry stream of `count` entries back into its skeleton and entries' contents; a BadInputError when it is inconsistent. */
export declare function parseStream(stream: Uint8Array, skeletonLength: number, count: number): {
    skeleton: Uint8Array;
    entries: StreamEntry[];
};
export {};
