import { type StoredParams } from './stored.js';
/**
 * `zlib-1.2.13`: Debian's system zlib (Python, Java, most C tools), reproduced by pako 2.1.0
 * in pure JavaScript, so it gives the same bytes on every Node version.
 * `zlib-1.3.1`: Node 20's bundled zlib (node:zlib); only reproducible where
 * `process.versions.zlib` is 1.3.1.
 */
export type DeflateImpl = 'zlib-1.2.13' | 'zlib-1.3.1';
export declare const DEFLATE_IMPLS: readonly DeflateImpl[];
/** Settings of a zlib deflate. */
export interface ZlibParams {
    impl: DeflateImpl;
    /** 0-9 */
    level: number;
    /** 1-9 (zlib's default 8) */
    memLevel: number;
    /** 9-15: log2 of the window (zlib's default 15) */
    windowBits: number;
    /** 0 default, 1 filtered, 2 huffman-only, 3 rle, 4 fixed */
    strategy: number;
}
/** What reproduces a deflate stream: a zlib at some settings, or stored-block lengths. */
export type DeflateParams = ZlibParams | StoredParams;
/** Checks a descriptor read from storage or the wire; throws BadInputError when it is not one. */
export declare function checkParams(value: unknown): DeflateParams;
export declare function sameParams(a: ZlibParams, b: ZlibParams): boolean;
/** Hints that order the search (never exclude a candidate). */
export interface SearchHints {
    /** Levels to try first, e.g. from a gzip XFL byte or a zlib FLEVEL. */
    levels?: readonly number[];
    /** The window size when a zlib header states it. */
    windowBits?: number;
    /** Parameters that worked on a sibling (the previous zip entry, the previous layer). */
    tried?: readonly DeflateParams[];
    /** Also try other strategies, smaller windows and memLevels (a few hundred candidates). */
    exhaustive?: boolean;
}
/**
 * Every candidate in the order they are tried, common settings first, in tiers:
 * defaults (memLevel 8, the window, strategy 0) at every level; memLevel 9; the other
 * strategies; smaller windows; smaller memLevels. pako (1.2.13) before node:zlib in each tier.
 * Without `exhaustive`, only the first two tiers (what zlib's users almost always pick).
 */
export declare function candidates(hints?: SearchHints): Generator<ZlibParams>;
