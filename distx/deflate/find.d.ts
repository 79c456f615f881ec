/**
 * Finding the parameters that reproduce a raw deflate stream from its inflated bytes.
 *
 * Candidates go in batches (params.ts orders them, common settings first). Within a batch,
 * each candidate compresses only a prefix of the input (64 KiB, then four times more while
 * it has produced no complete block yet); one whose output differs from the stream's first
 * bytes is dropped. Only candidates whose prefix agrees compress the whole input, compared
 * as they go and stopped at the first differing byte. The first that reproduces every byte
 * wins, so the answer is never a false positive. Before any of that, the stream's first block
 * is decoded far enough to count its symbols (first-block.ts): that fixes zlib's memLevel,
 * and a count no memLevel gives (GNU gzip, Go...) answers "not reproducible" at once.
 */
import { type DeflateParams, type SearchHints } from './params.js';
export interface FindOptions extends SearchHints {
    /** Input bytes compressed by each candidate in the first probe (default 64 KiB). */
    probeBytes?: number;
    /** At most this many candidates are tried (default: all, a few hundred). */
    maxCandidates?: number;
    /** Candidates per batch (default 20: one tier of levels for both engines). */
    batchSize?: number;
}
/** Parameters that turn `inflated` into exactly `stream` (raw deflate), or null. */
export declare function findDeflateParams(stream: Uint8Array, inflated: Uint8Array, options?: FindOptions): DeflateParams | null;
