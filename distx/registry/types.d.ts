/** The shapes of the client's requests, responses and traffic counts (client.ts re-exports them). */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
/**
 * What went over the wire: HTTP requests made (every attempt, redirect and token request), and
 * body bytes sent and received by kind ('manifest', 'config', 'layer', 'token', 'other', or any
 * kind a caller names: chunkpull's 'chunks', 'delta', 'index').
 */
export interface TrafficStats {
    requests: number;
    sent: Record<string, number>;
    received: Record<string, number>;
}
export interface RegistryRequest {
    method: string;
    /** `/v2/...` on the registry, or an absolute URL it gave (an upload Location). */
    path: string;
    /** The repository the request is about (its scope is asked for). */
    repository: string;
    /** Further scopes (a mount's source repository). */
    extraScopes?: string[];
    headers?: Record<string, string>;
    body?: Buffer | (() => Readable);
    /** Bytes of a body given as a function (counted as sent). */
    bodyLength?: number;
    /** Traffic kind the bytes are counted under. @default 'other' */
    kind?: string;
    /** @default true */
    retry?: boolean;
}
export interface RegistryResponse {
    status: number;
    headers: IncomingHttpHeaders;
    url: URL;
    /** The body; its bytes are counted as received under the request's kind as they are read. */
    body: Readable;
}
