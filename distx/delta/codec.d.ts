export type DeltaMethod = 'sa' | 'zstd' | 'windowed';
export declare const DEFAULT_WINDOWED_ABOVE: number;
export declare const DEFAULT_WINDOW_BYTES: number;
export declare const DEFAULT_LEVEL = 19;
/** Base plus target bytes up to which the zstd method is always tried beside sa. */
export declare const ZSTD_TRIAL_BYTES: number;
/** Above this size, zstd is tried only when sa's delta exceeds 1/SA_POOR_FRACTION of the target. */
export declare const SA_POOR_FRACTION = 8;
/** Whether the zstd method is worth trying after sa made a delta of `saBytes`. */
export declare function zstdWorthTrying(baseLength: number, targetLength: number, saBytes: number): boolean;
export interface DeltaOptions {
    /** One method, or the methods chooseDelta tries (each of them); default: by size, zstd only when worth it (see above). */
    methods?: readonly DeltaMethod[];
    /** zstd level for the payload streams and the zstd method (1-22, default 19). */
    level?: number;
    /** Base plus target bytes above which only the windowed method is used. */
    windowedAbove?: number;
    /** Target bytes per window of the windowed method. */
    windowBytes?: number;
    /** Also make the raw variant (docs/delta.md) of the sa delta, when sa is tried: `ChosenDelta.raw`. */
    raw?: boolean;
}
export interface DecodeOptions {
    /** Refuse deltas that declare a larger target (default: the largest Buffer). */
    maxTargetLength?: number;
    /**
     * Accept the raw variant, which carries no digests: the caller has checked the delta's bytes
     * and checks the target it gets (a bundle: the delta section's sha256, each file's sha256).
     */
    raw?: boolean;
    /** The caller has checked the base against the delta's base digest: it is not hashed again. */
    baseChecked?: boolean;
}
export interface DeltaCandidate {
    method: DeltaMethod;
    bytes: number;
    seconds: number;
}
export interface ChosenDelta {
    delta: Uint8Array;
    method: DeltaMethod;
    /** Every method tried, in order, with its size and encoding time. */
    candidates: DeltaCandidate[];
    /** With `options.raw`, when sa was tried (chosen or not): the sa delta as the raw variant (its streams not compressed). */
    raw?: Uint8Array;
}
/** The methods suited to these sizes. */
export declare function methodsFor(baseLength: number, targetLength: number, options?: DeltaOptions): DeltaMethod[];
/** Encodes with each method asked for (default: those suited to the sizes) and keeps the smallest. */
export declare function chooseDelta(base: Uint8Array, target: Uint8Array, options?: DeltaOptions): ChosenDelta;
/** A self-describing delta that turns `base` into `target` (see chooseDelta for the options). */
export declare function encodeDelta(base: Uint8Array, target: Uint8Array, options?: DeltaOptions): Uint8Array;
export interface DeltaInfo {
    method: DeltaMethod;
    baseSha256: string;
    targetSha256: string;
    baseLength: number;
    targetLength: number;
}
/** The method and sizes a delta declares, after checking its checksum. */
export declare function inspectDelta(delta: Uint8Array): DeltaInfo;
/**
 * Rebuilds the target from `base` and `delta`. The base must be the one the delta was made
 * against (BadInputError otherwise); a damaged or malformed delta is a CorruptDataError.
 */
export declare function decodeDelta(base: Uint8Array, delta: Uint8Array, options?: DecodeOptions): Uint8Array;
