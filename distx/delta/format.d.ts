export declare const MAGIC: Uint8Array<ArrayBuffer>;
export declare const FORMAT_VERSION = 1;
/** The raw variant: no digests, no checksum. */
export declare const RAW_FORMAT_VERSION = 2;
export declare const HEADER_BYTES = 88;
export declare const TRAILER_BYTES = 4;
/** The smallest possible delta: header and checksum around an empty payload. */
export declare const OVERHEAD_BYTES: number;
export interface DeltaHeader {
    method: number;
    /** Absent in the raw variant. */
    baseSha256?: Uint8Array;
    targetSha256?: Uint8Array;
    baseLength: number;
    targetLength: number;
}
/** Wraps a payload in the header and checksum. */
export declare function writeDelta(header: DeltaHeader, payload: Uint8Array): Uint8Array;
/** The raw variant of a delta: lengths and payload only (its carrier checks integrity). */
export declare function writeRawDelta(header: Pick<DeltaHeader, 'method' | 'baseLength' | 'targetLength'>, payload: Uint8Array): Uint8Array;
/**
 * Checks the checksum and the fixed fields; returns the header and the payload. The raw variant
 * (no digests, no checksum) is accepted only when `raw` is allowed.
 */
export declare function readDelta(delta: Uint8Array, raw?: boolean): {
    header: DeltaHeader;
    payload: Uint8Array;
};
