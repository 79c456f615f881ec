export interface ZstdSettings {
    level: number;
    /** Base bytes that frames may refer to (a raw-content dictionary), if any. */
    dictionary?: Uint8Array;
    /** log2 of the window; long-distance matching is enabled when set. */
    windowLog?: number;
}
/**
 * The bytes zstd loads as a raw-content dictionary for `base`. zstd would parse content that
 * starts with its dictionary magic (37 A4 30 EC) as a trained dictionary, so such a base is
 * preceded by one zero byte; both sides apply the same rule.
 */
export declare function rawDictionary(base: Uint8Array): Uint8Array;
/** log2 of a window that covers `bytes`, within zstd's limits. */
export declare function windowLogFor(bytes: number): number;
export declare function zstdCompress(data: Uint8Array, settings: ZstdSettings): Uint8Array;
/**
 * Decompresses `frames` into exactly `length` bytes. Anything else (a malformed frame, more
 * or fewer bytes than `length`, trailing garbage) is a CorruptDataError.
 */
export declare function zstdDecompress(frames: Uint8Array, length: number, what: string, dictionary?: Uint8Array): Uint8Array;
/** zstdDecompress into `out` (a buffer the caller reuses): exactly its length, or a CorruptDataError. */
export declare function zstdDecompressInto(out: Uint8Array, frames: Uint8Array, what: string, dictionary?: Uint8Array): Uint8Array;
