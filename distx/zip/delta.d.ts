import { type DeltaMethod } from '../delta/index.js';
export declare const ZIP_DELTA_MAGIC: Uint8Array<ArrayBuffer>;
export declare const ZIP_DELTA_VERSION = 1;
export type ZipDeltaResult = {
    ok: true;
    blob: Uint8Array;
    method: DeltaMethod;
    entries: number;
} | {
    ok: false;
    reason: string;
};
export interface ZipDeltaOptions {
    /** zstd level of the inner delta (default 19). */
    level?: number;
}
/** A zip delta from `base` to `target`, or why there is none (either is not a zip, or an entry does not re-deflate exactly). */
export declare function encodeZipDelta(base: Uint8Array, target: Uint8Array, options?: ZipDeltaOptions): ZipDeltaResult;
/**
 * Rebuilds the target archive from `base` and a zip delta. `expected` is the target's digest
 * (`sha256:<hex>`) and size: the rebuilt archive must have them (CorruptDataError otherwise).
 */
export declare function decodeZipDelta(base: Uint8Array, blob: Uint8Array, expected: {
    digest: string;
    size: number;
}): Uint8Array;
