/**
 * HTTP to one registry endpoint, on node:http/https: which scheme (TLS unless the registry is
 * on loopback or --tls-verify=false and does not speak it, as docker does), CA and client
 * certificates, keep-alive, time-outs, redirects (Authorization is dropped when the origin
 * changes), and retries with exponential backoff on 429, 5xx and dropped connections (a
 * `Retry-After` is honoured, capped). Auth and the distribution API are the client's.
 */
import { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
export interface TransportOptions {
    /** Verify TLS certificates; false also allows plain HTTP. @default true */
    tlsVerify?: boolean;
    /** Certificate directory (*.crt CAs, *.cert + *.key client certificate). */
    certDir?: string;
    /** A request fails after this long without any byte moving. @default 30000 */
    timeoutMs?: number;
    /** Retries after the first attempt on 429, 5xx and dropped connections. @default 4 */
    retries?: number;
    /** First backoff; doubled each retry. @default 200 */
    backoffMs?: number;
    /** @default 'cairn' */
    userAgent?: string;
}
export interface SendRequest {
    method: string;
    /** A path on the endpoint (`/v2/...`) or an absolute URL (a Location the registry gave). */
    url: string;
    headers?: Record<string, string>;
    /** A body: bytes, or a function opening it afresh (so that a retry can send it again). */
    body?: Buffer | (() => Readable);
    /** Retry on 429, 5xx and dropped connections. @default true */
    retry?: boolean;
    /** Follow redirects (GET and HEAD only). @default true */
    followRedirects?: boolean;
}
export interface SendResponse {
    status: number;
    headers: IncomingHttpHeaders;
    /** The URL that answered (after redirects). */
    url: URL;
    /** The body, unread. Read it or call `resume()` on it. */
    body: IncomingMessage;
}
/** A one-line reason for a network error. */
export declare function networkReason(error: unknown): string;
export declare class Transport {
    #private;
    readonly endpoint: string;
    /** HTTP requests made so far: every attempt, redirect and token request (a TLS handshake a plain-HTTP registry refused is not one). */
    requests: number;
    constructor(endpoint: string, options?: TransportOptions);
    /** `https://endpoint` or `http://endpoint`, once the first request has decided. */
    get origin(): string;
    /** Sends a request (see SendRequest); throws RegistryUnreachableError or RegistryTlsError when no answer comes. */
    send(request: SendRequest): Promise<SendResponse>;
    /** Closes idle connections (call when done, so the process can exit). */
    close(): void;
}
