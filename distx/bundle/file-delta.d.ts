/**
 * The delta of one file against its base, as the bundle ships it: a plain binary delta
 * (src/delta), or, when both are zip archives and every deflated entry of the target
 * re-deflates byte for byte, a zip-aware delta (src/zip/delta.ts) if that is smaller.
 */
import { type DeltaMethod } from '../delta/index.js';
export interface FileDelta {
    via: 'delta' | 'zip-delta';
    blob: Uint8Array;
    /** The inner delta's method. */
    method: DeltaMethod;
    /** Size of the plain binary delta. */
    deltaBytes: number;
    zipDeltaBytes?: number;
    zipReason?: string;
    /** With `raw`, when sa was tried and no zip delta is chosen: the sa delta's raw variant (docs/delta.md), for a section compressed as a whole. */
    raw?: Uint8Array;
}
/** The smaller of the plain delta and (for zips, when `zip`) the zip-aware delta from `base` to `target`. */
export declare function fileDelta(base: Uint8Array, target: Uint8Array, level: number, zip?: boolean, raw?: boolean): FileDelta;
/** The target rebuilt from `base` and a blob `fileDelta` made; checked against `expected` (CorruptDataError). */
export declare function applyFileDelta(via: 'delta' | 'zip-delta', base: Uint8Array, blob: Uint8Array, expected: {
    digest: string;
    size: number;
}): Uint8Array;
