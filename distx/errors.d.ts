/**
 * Every error cairn raises on purpose. Each carries a stable `code` (API: scripts and
 * embedders branch on it; messages may change), the underlying `cause` where there is one,
 * and the object concerned (`digest`, `path`, `pack`, `offset`, `parameter`). Bad arguments
 * that are programming mistakes stay plain TypeError/RangeError.
 */
export type CairnErrorCode = 'CAIRN_BAD_INPUT' | 'CAIRN_BAD_PARAMETER' | 'CAIRN_CORRUPT' | 'CAIRN_NOT_FOUND' | 'CAIRN_LOCKED' | 'CAIRN_CLOSED' | 'CAIRN_INCOMPATIBLE' | 'CAIRN_ABORTED' | 'CAIRN_IO';
/** Fields that name the object an error is about. */
export interface CairnErrorDetails {
    digest?: string;
    path?: string;
    pack?: string;
    offset?: number;
    parameter?: string;
    cause?: unknown;
}
export declare class CairnError extends Error {
    readonly code: CairnErrorCode;
    readonly digest?: string;
    readonly path?: string;
    readonly pack?: string;
    readonly offset?: number;
    readonly parameter?: string;
    constructor(code: CairnErrorCode, message: string, details?: CairnErrorDetails);
    /** A plain object for `--json` output. */
    toJSON(): Record<string, unknown>;
}
/** Input that cannot be accepted: malformed archives, unreadable paths, wrong kinds of file. */
export declare class BadInputError extends CairnError {
    constructor(message: string, details?: CairnErrorDetails);
}
/** A chunker or store parameter out of range; `parameter` names it. */
export declare class BadParameterError extends CairnError {
    constructor(parameter: string, message: string);
}
/** Stored data that does not match its digest, checksum or format. */
export declare class CorruptDataError extends CairnError {
    constructor(message: string, details?: CairnErrorDetails);
}
/**
 * The store's index (its LevelDB directory) is damaged: unreadable, truncated, or missing files.
 * The packs hold everything the index does; `cairn repair` rebuilds it. `path` is the index.
 */
export declare class IndexDamagedError extends CorruptDataError {
    constructor(path: string, reason: string, cause?: unknown);
}
/** An object, name or image the store does not hold. */
export declare class NotFoundError extends CairnError {
    constructor(message: string, details?: CairnErrorDetails);
}
/** Another process holds the store's write lock. */
export declare class StoreLockedError extends CairnError {
    constructor(path: string, cause?: unknown);
}
/** A call on a store (or writer) after close(). */
export declare class StoreClosedError extends CairnError {
    constructor();
}
/** The store was made with settings this call cannot mix with (chunker identity, format). */
export declare class IncompatibleStoreError extends CairnError {
    constructor(message: string, details?: CairnErrorDetails);
}
/** An operation stopped by its AbortSignal. */
export declare class AbortedError extends CairnError {
    constructor(cause?: unknown);
}
