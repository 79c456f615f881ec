/**
 * Choosing deflate parameters from the first part of a stream only, for callers that see a
 * compressed stream go by (ingest) and cannot hold it whole: `streamHead` is the start of
 * the raw deflate stream, `inflatedHead` the start of what it inflates to. The answer is a
 * candidate whose output agrees with every byte of the head it produces; it is NOT proof that
 * the whole stream is reproduced: the caller confirms that by compressing everything (and
 * comparing digests) as the rest goes by.
 *
 * As in find.ts: the first block fixes zlib's memLevel (or rules zlib out); each zlib candidate
 * first compresses only what the first block covers plus a margin (cheap), and only one that
 * agrees there compresses the whole inflated head, which must agree too.
 */
import { findGoLevel } from './go-probe.js';
import { candidates, type SearchHints, type StreamParams } from './params.js';
import { agreesAsPrefix, deflatePrefix, deflateWith, nodeZlibMatches } from './engines.js';
import { readFirstBlock, zlibMemLevels } from './first-block.js';

/** Input past a block's end that zlib needs before it emits the block (lookahead, lazy match). */
const BLOCK_MARGIN = 4096;
/** Without first-block information, the first probe compresses this much. */
const BLIND_PROBE = 64 * 1024;

/** Both hold bytes and agree on every byte the shorter one has. */
function agree(output: Uint8Array, head: Uint8Array): boolean {
  const n = Math.min(output.length, head.length);
  if (n === 0) return false;
  return Buffer.compare(Buffer.from(output.buffer, output.byteOffset, n), Buffer.from(head.buffer, head.byteOffset, n)) === 0;
}

export interface HeadProbeOptions extends SearchHints {
  /** At most this many candidates are tried (default 40: both tiers of levels, both engines). */
  maxCandidates?: number;
  /** `inflatedHead` is the whole content: candidates finish the stream for the whole-head check. */
  complete?: boolean;
}

/**
 * The first candidate (common settings first, zlib's, then Go's levels) whose output agrees
 * with the stream's head, or null when none does.
 */
export function probeDeflateHead(streamHead: Uint8Array, inflatedHead: Uint8Array, options: HeadProbeOptions = {}): StreamParams | null {
  if (streamHead.length === 0 || inflatedHead.length === 0) return null;
  const block = readFirstBlock(streamHead);
  const memLevels = zlibMemLevels(block);
  const go = (): StreamParams | null => findGoLevel(streamHead, inflatedHead, block, { ...options, complete: options.complete ?? false });
  if (memLevels?.length === 0) return go();
  const known = block !== undefined && !block.final;
  const firstBytes = Math.min(inflatedHead.length, known ? block.inputBytes + BLOCK_MARGIN : BLIND_PROBE);
  const first = inflatedHead.subarray(0, firstBytes);
  const max = options.maxCandidates ?? 40;
  let count = 0;
  for (const p of candidates(options)) {
    if (memLevels && !memLevels.includes(p.memLevel)) continue;
    if (p.impl === 'zlib-1.3.1' && !nodeZlibMatches()) continue;
    if (count++ >= max) break;
    const head = deflatePrefix(p, first);
    // Nothing out yet (a first block longer than the probe): the whole head decides.
    if (head.length > 0 && !agree(head, streamHead)) continue;
    if (options.complete) {
      if (!agree(deflateWith(p, inflatedHead), streamHead)) continue;
    } else if (firstBytes < inflatedHead.length || head.length === 0) {
      if (!agreesAsPrefix(p, inflatedHead, streamHead)) continue;
    }
    return p;
  }
  return go();
}
