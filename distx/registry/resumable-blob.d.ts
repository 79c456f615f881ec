import type { RegistryClient } from './client.js';
/** Where the kept parts of blobs cut mid-transfer live, in a store directory. */
export declare const PARTIAL_DIR = "partial-blobs";
export interface ResumableBlobOptions {
    /** The blob's size as the manifest gives it (a blob of unknown size is not resumed). */
    size?: number;
    kind?: string;
    /** Re-requests after a cut, within this fetch. @default 4 */
    retries?: number;
    /** @default 200, doubled each retry */
    backoffMs?: number;
}
/** The blob's bytes from the start (kept part first), checked at the end against `digest` and the size. */
export declare function resumableBlob(client: RegistryClient, repository: string, digest: string, storeDir: string, options?: ResumableBlobOptions): AsyncGenerator<Buffer>;
