/**
 * Blob uploads (distribution spec "pushing blobs"): POST opens a session, then one PUT with the
 * whole body (monolithic), or PATCHes of `chunkSize` bytes, each answered with the session's
 * next Location, and a closing PUT with the digest (chunked). A failed upload (unreachable,
 * 5xx, 429) is run again from a new session with exponential backoff, up to 3 times.
 */
import type { Readable } from 'node:stream';
import type { RegistryRequest, RegistryResponse } from './types.js';
export interface UploadOptions {
    chunkSize?: number;
    /** Traffic kind the bytes count under. @default 'layer' */
    kind?: string;
    /** @default 200 */
    backoffMs?: number;
}
type Opener = (start: number, end: number) => Readable;
/** What an upload needs of the client: its name and authenticated, counted requests. */
export interface Requester {
    readonly registry: string;
    request(req: RegistryRequest): Promise<RegistryResponse>;
}
/** Uploads a blob through `client` (see the module comment). */
export declare function uploadWithRetries(client: Requester, repository: string, digest: string, size: number, open: Opener, options?: UploadOptions): Promise<void>;
export {};
