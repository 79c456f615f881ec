/**
 * Errors of registry operations, as CairnError subclasses with the stable codes of errors.ts
 * (so the command line's exit codes follow: denied 2, not found 2, unreachable 1, corrupt 4).
 * Every message is one line that names the registry and what was asked.
 */
import { CairnError } from '../errors.js';
/** The registry cannot be reached (refused, reset, timed out, DNS): exit 1. */
export class RegistryUnreachableError extends CairnError {
    registry;
    constructor(registry, reason, cause) {
        super('CAIRN_IO', `cannot reach registry ${registry}: ${reason}`, { cause });
        this.registry = registry;
    }
}
/** The registry (or its token server) refused the credentials or the scope: exit 2. */
export class RegistryDeniedError extends CairnError {
    registry;
    realm;
    scope;
    constructor(registry, message, details = {}) {
        super('CAIRN_BAD_INPUT', message, { cause: details.cause });
        this.registry = registry;
        this.realm = details.realm;
        this.scope = details.scope;
    }
}
/** TLS could not be set up (certificate not trusted, wrong host name): exit 2 (a matter of --cert-dir / --tls-verify). */
export class RegistryTlsError extends CairnError {
    constructor(registry, reason, cause) {
        super('CAIRN_BAD_INPUT', `registry ${registry}: TLS failed (${reason}); give --cert-dir DIR with its CA, or --tls-verify=false`, { cause });
    }
}
/**
 * Any other refusal or failure the registry answered with (4xx/5xx): exit 1. `status` and
 * `codes` let callers adapt (push falls back to docker media types on MANIFEST_INVALID).
 */
export class RegistryResponseError extends CairnError {
    status;
    codes;
    constructor(message, status, codes, details = {}) {
        super('CAIRN_IO', message, details);
        this.status = status;
        this.codes = codes;
    }
}
//# sourceMappingURL=errors.js.map