/**
 * Every error cairn raises on purpose. Each carries a stable `code` (API: scripts and
 * embedders branch on it; messages may change), the underlying `cause` where there is one,
 * and the object concerned (`digest`, `path`, `pack`, `offset`, `parameter`). Bad arguments
 * that are programming mistakes stay plain TypeError/RangeError.
 */
export class CairnError extends Error {
    code;
    digest;
    path;
    pack;
    offset;
    parameter;
    constructor(code, message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = new.target.name;
        this.code = code;
        if (details.digest !== undefined)
            this.digest = details.digest;
        if (details.path !== undefined)
            this.path = details.path;
        if (details.pack !== undefined)
            this.pack = details.pack;
        if (details.offset !== undefined)
            this.offset = details.offset;
        if (details.parameter !== undefined)
            this.parameter = details.parameter;
    }
    /** A plain object for `--json` output. */
    toJSON() {
        const out = { code: this.code, message: this.message };
        for (const key of ['digest', 'path', 'pack', 'offset', 'parameter']) {
            if (this[key] !== undefined)
                out[key] = this[key];
        }
        return out;
    }
}
/** Input that cannot be accepted: malformed archives, unreadable paths, wrong kinds of file. */
export class BadInputError extends CairnError {
    constructor(message, details = {}) {
        super('CAIRN_BAD_INPUT', message, details);
    }
}
/** A chunker or store parameter out of range; `parameter` names it. */
export class BadParameterError extends CairnError {
    constructor(parameter, message) {
        super('CAIRN_BAD_PARAMETER', message, { parameter });
    }
}
/** Stored data that does not match its digest, checksum or format. */
export class CorruptDataError extends CairnError {
    constructor(message, details = {}) {
        super('CAIRN_CORRUPT', message, details);
    }
}
/**
 * The store's index (its LevelDB directory) is damaged: unreadable, truncated, or missing files.
 * The packs hold everything the index does; `cairn repair` rebuilds it. `path` is the index.
 */
export class IndexDamagedError extends CorruptDataError {
    constructor(path, reason, cause) {
        super(`the index at ${path} is damaged (${reason}); run cairn repair to rebuild it from the packs`, { path, cause });
    }
}
/** An object, name or image the store does not hold. */
export class NotFoundError extends CairnError {
    constructor(message, details = {}) {
        super('CAIRN_NOT_FOUND', message, details);
    }
}
/** Another process holds the store's write lock. */
export class StoreLockedError extends CairnError {
    constructor(path, cause) {
        super('CAIRN_LOCKED', `store locked: another process is using ${path}`, { path, cause });
    }
}
/** A call on a store (or writer) after close(). */
export class StoreClosedError extends CairnError {
    constructor() {
        super('CAIRN_CLOSED', 'store closed');
    }
}
/** The store was made with settings this call cannot mix with (chunker identity, format). */
export class IncompatibleStoreError extends CairnError {
    constructor(message, details = {}) {
        super('CAIRN_INCOMPATIBLE', message, details);
    }
}
/** An operation stopped by its AbortSignal. */
export class AbortedError extends CairnError {
    constructor(cause) {
        super('CAIRN_ABORTED', 'aborted', { cause });
    }
}
//# sourceMappingURL=errors.js.map