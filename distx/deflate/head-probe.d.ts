/**
 * Choosing deflate parameters from the first part of a stream only, for callers that see a
 * compressed stream go by (ingest) and cannot hold it whole: `streamHead` is the start of
 * the raw deflate stream, `inflatedHead` the start of what it inflates to. The answer is a
 * candidate whose output agrees with every byte of the head it produces; it is NOT proof that
 * the whole stream is reproduced: the caller confirms that by compressing everything (and
 * comparing digests) as the rest goes by.
 *
 * As in find.ts: the first block fixes zlib's memLevel (or rules zlib out); each candidate
 * first compresses only what the first block covers plus a margin (cheap), and only one that
 * agrees there compresses the whole inflated head, which must agree too.
 */
import { type SearchHints, type ZlibParams } from './params.js';
export interface HeadProbeOptions extends SearchHints {
    /** At most this many candidates are tried (default 40: both tiers of levels, both engines). */
    maxCandidates?: number;
    /** `inflatedHead` is the whole content: candidates finish the stream for the whole-head check. */
    complete?: boolean;
}
/**
 * The first candidate (common settings first) whose output agrees with the stream's head, or
 * null when none does (or zlib cannot have written the first block).
 */
export declare function probeDeflateHead(streamHead: Uint8Array, inflatedHead: Uint8Array, options?: HeadProbeOptions): ZlibParams | null;
