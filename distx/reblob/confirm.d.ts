import { type ZlibParams } from '../deflate/index.js';
import type { BlobRebuild } from './description.js';
export interface Confirmed {
    /** sha256:… of the blob made. */
    digest: string;
    size: number;
}
/** A candidate (gzip or zstd) chosen from a blob's first bytes, and what confirms it over the whole blob. */
export interface Choice {
    confirmer: Confirmer;
    rebuild: BlobRebuild;
}
export interface Confirmer {
    /** Hands inflated bytes on (kept until compressed: the caller must not change them); waits while too much is in flight. */
    push(bytes: Uint8Array): Promise<void>;
    /** Ends the stream: the blob's digest and size. */
    end(): Promise<Confirmed>;
    /** Stops without an answer (the ingest failed or moved on). */
    abandon(): void;
}
/** A pako candidate, confirmed on the worker thread. */
export declare function pakoConfirmer(params: ZlibParams, header: Uint8Array, tail: Uint8Array): Confirmer;
/** A node:zlib candidate (`zlib-1.3.1`), compressed on libuv's thread pool. */
export declare function nodeConfirmer(params: ZlibParams, header: Uint8Array, tail: Uint8Array): Confirmer;
/**
 * The raw deflate stream of `source` made by pako on the worker thread (export of a blob made
 * by the system zlib): the main thread goes on rebuilding the tar meanwhile. At most a few
 * MiB are in flight; output comes back in order.
 */
export declare function pakoDeflate(params: ZlibParams, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array>;
