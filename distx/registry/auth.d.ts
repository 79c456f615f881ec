/**
 * Registry auth: the `WWW-Authenticate` challenge of a 401 (RFC 7235: `Basic realm=...`,
 * `Bearer realm=...,service=...,scope=...`), basic credentials, and bearer tokens from the token
 * endpoint (docker's token protocol: GET REALM?service=S&scope=repository:NAME:pull,push, with
 * basic credentials when there are any; answer `{"token"}` or `{"access_token"}`, `expires_in`).
 * Tokens are cached per scope set until shortly before they expire; once a registry has asked
 * for an auth scheme, later requests carry it from the start (no 401 round trip each time).
 */
import type { Credentials } from './credentials.js';
import { RegistryDeniedError } from './errors.js';
import type { Transport } from './transport.js';
export interface Challenge {
    scheme: string;
    params: Record<string, string>;
}
/** Parses a WWW-Authenticate value into its challenges (scheme lowercased, params unquoted). */
export declare function parseChallenges(header: string | string[] | undefined): Challenge[];
/** `repository:NAME:ACTIONS`. */
export declare function repositoryScope(repository: string, actions: readonly string[]): string;
export declare class Authenticator {
    #private;
    constructor(registry: string, credentials: Credentials | undefined, transport: Transport);
    /** The Authorization header for a request needing `scopes`, from what is known already (no request made). */
    cachedHeader(scopes: readonly string[]): string | undefined;
    /**
     * Answers a 401: returns the Authorization header to retry with, or throws RegistryDeniedError
     * when there is nothing more to try. `sent` is the header the refused request carried.
     */
    answer(wwwAuthenticate: string | string[] | undefined, scopes: readonly string[], sent: string | undefined): Promise<string>;
    /** Called when a request with a header still got 401/403: a one-line refusal naming realm and scope. */
    refused(scopes: readonly string[], status: number): RegistryDeniedError;
}
/** Reads a body of at most `limit` bytes (more is refused by the caller as too large). */
export declare function readSmall(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer>;
