import type { MatchResult } from './matcher.js';
export interface StreamOptions {
    level: number;
}
/** A payload, and with `raw` its raw variant (docs/delta.md "Raw variant"): every zstd-coded (1) stream stored raw (0) instead. */
export interface SaPayloads {
    payload: Uint8Array;
    raw?: Uint8Array;
}
/** Encodes `target` against `base` (bsdiff's match gain). */
export declare function encodeSa(base: Uint8Array, target: Uint8Array, options: StreamOptions): Uint8Array;
/** encodeSa's payload and, when `raw`, its raw variant, from one match of the target against `base`. */
export declare function encodeSaPayloads(base: Uint8Array, match: MatchResult, options: StreamOptions, raw: boolean): SaPayloads;
/** Rebuilds exactly `targetLength` bytes, or throws CorruptDataError. */
export declare function decodeSa(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array;
/** decodeSa in TypeScript: the reference the kernel agrees with, and what reports damage. */
export declare function decodeSaReference(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array;
