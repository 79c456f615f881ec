export declare const METHOD_SA = 1;
export declare const METHOD_ZSTD = 2;
export declare const METHOD_WINDOWED = 3;
export interface WindowedOptions {
    level: number;
    windowBytes: number;
    /** Inner methods to try, by id. */
    inner: readonly number[];
    /** When set, zstd is tried after sa only if this says it is worth it (codec.ts's rule). */
    worth?: ((baseLength: number, targetLength: number, saBytes: number) => boolean) | undefined;
}
/**
 * The base slice [start, end) that a target window [from, to) is encoded against: at most two
 * windows of base, centred on the window's relative position in the target.
 */
export declare function baseSlice(baseLength: number, targetLength: number, from: number, to: number, windowBytes: number): [number, number];
/** Encodes each window with every inner method asked for and keeps the smallest. */
export declare function encodeWindowed(base: Uint8Array, target: Uint8Array, options: WindowedOptions): Uint8Array;
export declare function decodeWindowed(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array;
