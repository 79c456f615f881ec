/**
 * Errors of registry operations, as CairnError subclasses with the stable codes of errors.ts
 * (so the command line's exit codes follow: denied 2, not found 2, unreachable 1, corrupt 4).
 * Every message is one line that names the registry and what was asked.
 */
import { CairnError, type CairnErrorDetails } from '../errors.js';
/** The registry cannot be reached (refused, reset, timed out, DNS): exit 1. */
export declare class RegistryUnreachableError extends CairnError {
    readonly registry: string;
    constructor(registry: string, reason: string, cause?: unknown);
}
/** The registry (or its token server) refused the credentials or the scope: exit 2. */
export declare class RegistryDeniedError extends CairnError {
    readonly registry: string;
    readonly realm: string | undefined;
    readonly scope: string | undefined;
    constructor(registry: string, message: string, details?: {
        realm?: string;
        scope?: string;
        cause?: unknown;
    });
}
/** TLS could not be set up (certificate not trusted, wrong host name): exit 2 (a matter of --cert-dir / --tls-verify). */
export declare class RegistryTlsError extends CairnError {
    constructor(registry: string, reason: string, cause?: unknown);
}
/** An error code the registry gave (distribution spec "errors" body), e.g. MANIFEST_INVALID. */
export interface RegistryErrorEntry {
    code: string;
    message?: string;
}
/**
 * Any other refusal or failure the registry answered with (4xx/5xx): exit 1. `status` and
 * `codes` let callers adapt (push falls back to docker media types on MANIFEST_INVALID).
 */
export declare class RegistryResponseError extends CairnError {
    readonly status: number;
    readonly codes: RegistryErrorEntry[];
    constructor(message: string, status: number, codes: RegistryErrorEntry[], details?: CairnErrorDetails);
}
