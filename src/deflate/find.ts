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
 * and a count no memLevel gives rules zlib out. Go's compress/flate is tried last, level by
 * level (go-probe.ts); a stream neither makes (GNU gzip, 7-Zip...) is "not reproducible".
 */
import { candidates, type DeflateParams, type SearchHints, type ZlibParams } from './params.js';
import { buildStored, readStoredBlocks } from './stored.js';
import { deflatePrefix, reproduces } from './engines.js';
import { readFirstBlock, zlibMemLevels } from './first-block.js';
import { findGoLevel } from './go-probe.js';

export interface FindOptions extends SearchHints {
  /** Input bytes compressed by each candidate in the first probe (default 64 KiB). */
  probeBytes?: number;
  /** At most this many candidates are tried (default: all, a few hundred). */
  maxCandidates?: number;
  /** Candidates per batch (default 20: one tier of levels for both engines). */
  batchSize?: number;
}

function startsWith(stream: Uint8Array, head: Uint8Array): boolean {
  if (head.length > stream.length) return false;
  return Buffer.compare(
    Buffer.from(stream.buffer, stream.byteOffset, head.length),
    Buffer.from(head.buffer, head.byteOffset, head.length),
  ) === 0;
}

/** Input past a block's end that zlib needs before it emits the block (lookahead, lazy match). */
const BLOCK_MARGIN = 4096;

interface Probe {
  bytes: number;
  /** No output from this many bytes means the candidate's first block differs. */
  decisive: boolean;
}

function settleBatch(batch: ZlibParams[], input: Uint8Array, stream: Uint8Array, first: Probe): ZlibParams | null {
  let undecided = batch;
  for (let probe = first; undecided.length > 0; probe = { bytes: probe.bytes * 4, decisive: false }) {
    if (probe.bytes >= input.length) {
      return undecided.find((p) => reproduces(p, input, stream)) ?? null;
    }
    const prefix = input.subarray(0, probe.bytes);
    const next: ZlibParams[] = [];
    for (const p of undecided) {
      const head = deflatePrefix(p, prefix);
      if (head.length === 0) {
        if (!probe.decisive) next.push(p);
      } else if (startsWith(stream, head) && reproduces(p, input, stream)) return p;
    }
    undecided = next;
  }
  return null;
}

/** Parameters that turn `inflated` into exactly `stream` (raw deflate), or null. */
export function findDeflateParams(stream: Uint8Array, inflated: Uint8Array, options: FindOptions = {}): DeflateParams | null {
  const probe = Math.max(1024, options.probeBytes ?? 64 * 1024);
  const max = options.maxCandidates ?? Infinity;
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const stored = readStoredBlocks(stream);
  if (stored) {
    const total = stored.blocks.reduce((n, [len, count]) => n + len * count, 0);
    if (total !== inflated.length) return null;
    const built = buildStored(stored, inflated);
    return built.length === stream.length && startsWith(stream, built) ? stored : null;
  }
  const block = readFirstBlock(stream);
  const memLevels = zlibMemLevels(block);
  const go = (): DeflateParams | null => findGoLevel(stream, inflated, block, { ...options, complete: true, exact: true });
  if (memLevels?.length === 0) return go();
  // A first block that is not the last one: compressing just past its end must emit it.
  const known = block !== undefined && !block.final;
  const first: Probe = known
    ? { bytes: block.inputBytes + BLOCK_MARGIN, decisive: block.type !== 0 }
    : { bytes: probe, decisive: false };
  let batch: ZlibParams[] = [];
  let count = 0;
  for (const p of candidates(options)) {
    if (memLevels && !memLevels.includes(p.memLevel)) continue;
    if (count++ >= max) break;
    batch.push(p);
    if (batch.length === batchSize) {
      const found = settleBatch(batch, inflated, stream, first);
      if (found) return found;
      batch = [];
    }
  }
  return (batch.length > 0 ? settleBatch(batch, inflated, stream, first) : null) ?? go();
}
