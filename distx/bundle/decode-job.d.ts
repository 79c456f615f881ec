/**
 * A base as the store's packs hold its chunks, back to back in `payloads`: per chunk its
 * stored length, its length and whether it is zstd (`chunks`, three numbers each), so that
 * decompressing it happens where the delta is decoded (a worker), not on the reading thread.
 */
export interface StoredBase {
    payloads: Uint8Array;
    chunks: number[];
    size: number;
}
export interface DecodeJob {
    via: 'delta' | 'zip-delta';
    /** The base file's content, or its chunks as stored (read from the store unchecked). */
    base: Uint8Array | StoredBase;
    /** The base file's sha256 (hex). */
    baseDigest: string;
    delta: Uint8Array;
    /** The planned file: its sha256 (hex) and size. */
    digest: string;
    size: number;
}
/**
 * A stored base's content: its chunks decompressed in place, each to its recorded length
 * (CorruptDataError naming the base otherwise). Into `into` when given (of base.size bytes).
 */
export declare function baseContent(base: StoredBase, baseDigest: string, into?: Uint8Array): Uint8Array;
/** The target of `job`; throws as applyFileDelta does, or CorruptDataError when the store's base does not match its digest. */
export declare function decodeJob(stored: DecodeJob): Uint8Array;
/** Whether `bytes` is the whole of its ArrayBuffer (which can then be transferred without taking anything else along). */
export declare const ownsBuffer: (bytes: Uint8Array) => boolean;
