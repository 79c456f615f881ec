import type { DeflateParams, ZlibParams } from './params.js';
/** True when node:zlib here is the zlib that `zlib-1.3.1` descriptors name. */
export declare function nodeZlibMatches(): boolean;
/** The raw deflate stream of `input` with these parameters. */
export declare function deflateWith(p: DeflateParams, input: Uint8Array): Uint8Array;
/** Output of compressing `prefix` without finishing: a prefix of any stream that starts with it. */
export declare function deflatePrefix(p: ZlibParams, prefix: Uint8Array): Uint8Array;
/** True when compressing `input` with `p` gives exactly `expected`; stops at the first difference. */
export declare function reproduces(p: ZlibParams, input: Uint8Array, expected: Uint8Array): boolean;
/**
 * A pako deflater (`zlib-1.2.13`) fed piece by piece: `push` hands each finished piece of the
 * raw deflate stream to `onData`, `final` ends the stream. For streams too large to hold.
 */
export declare function pakoStream(p: ZlibParams, onData: (chunk: Uint8Array) => void): {
    push(input: Uint8Array, final: boolean): void;
};
