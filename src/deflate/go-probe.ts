/**
 * Recognising a stream of Go's compress/flate (go-flate.ts): each level Go can have used is
 * run over the inflated bytes and compared with the stream as its output comes, stopping at the
 * first byte that differs (a wrong level parts within its first block). Before that, the
 * stream's first block rules levels out cheaply where it can (goCanHaveWritten).
 */
import { equalAt } from './engines.js';
import { goCompressor, GO_LEVELS } from './go-flate.js';
import type { FirstBlock } from './first-block.js';
import type { GoParams, SearchHints } from './params.js';

const STEP = 64 * 1024;
const GO_BLOCK_SYMBOLS = 1 << 14;
const GO_FAST_BLOCK = 65535;

/** Go's levels in the order to try them: those hinted first (a gzip XFL of 2 is Go's level 9, 4 its level 1), then the default, 6, and its neighbours. */
export function goLevels(hint: readonly number[] = []): number[] {
  const out = hint.filter((l) => GO_LEVELS.includes(l));
  for (const l of [6, 5, 4, 7, 8, 9, 3, 2, 1]) if (!out.includes(l)) out.push(l);
  return out;
}

/**
 * Whether Go at `level` can have written a stream whose first block is `block` from `inflated`
 * bytes (`complete`: all of the stream's input; else a head of it). Go never marks a data
 * block final; at levels 2-9 a block holds 16,384 symbols, at level 1 65,535 input bytes, and
 * only the last block of the input holds fewer.
 */
export function goCanHaveWritten(level: number, block: FirstBlock | undefined, inflated: number, complete: boolean): boolean {
  if (!block) return true;
  if (block.final) return false;
  const last = complete ? block.inputBytes === inflated : block.inputBytes >= inflated;
  if (level === 1) return block.inputBytes === GO_FAST_BLOCK || last;
  if (block.symbols === undefined || block.symbols === GO_BLOCK_SYMBOLS) return true;
  return block.symbols < GO_BLOCK_SYMBOLS && last;
}

/**
 * Whether Go at `level` turns `inflated` into `stream`. `exact`: the whole input into exactly
 * the whole stream. Otherwise `stream` is a head of the stream (it may run on past the deflate
 * stream, into a gzip trailer) and `inflated` a head of the input, or all of it when `complete`
 * (the stream is then finished): the output must agree with `stream` on every byte both have,
 * and there must be some.
 */
export function goAgrees(level: number, inflated: Uint8Array, stream: Uint8Array, mode: 'exact' | 'head' | 'complete'): boolean {
  const exact = mode === 'exact';
  let at = 0;
  let ok = true;
  const d = goCompressor(level, (piece) => {
    if (!ok) return;
    const n = exact ? piece.length : Math.min(piece.length, stream.length - at);
    if (n > 0 && !equalAt(stream, at, piece.subarray(0, n))) ok = false;
    at += piece.length;
  });
  for (let i = 0; ok && i < inflated.length && (exact || at < stream.length); i += STEP) {
    d.write(inflated.subarray(i, i + STEP));
    d.drain();
  }
  if (!ok) return false;
  if (mode === 'head') d.drain();
  else if (at < stream.length || exact) d.close();
  return ok && (exact ? at === stream.length : at > 0);
}

/**
 * The Go level that reproduces `stream` from `inflated` (see goAgrees: `exact` for a whole
 * stream, else heads, `complete` when the input is whole), or null; a level that reproduced a
 * sibling (`tried`) first.
 */
export function findGoLevel(stream: Uint8Array, inflated: Uint8Array, block: FirstBlock | undefined, options: Pick<SearchHints, 'levels' | 'tried'> & { complete: boolean; exact?: boolean }): GoParams | null {
  if (stream.length === 0) return null;
  const hinted = [...(options.tried ?? []).flatMap((p) => (p.impl === 'go-flate' ? [p.level] : [])), ...(options.levels ?? [])];
  const mode = options.exact ? 'exact' : options.complete ? 'complete' : 'head';
  for (const level of goLevels(hinted)) {
    if (goCanHaveWritten(level, block, inflated.length, options.complete) && goAgrees(level, inflated, stream, mode)) return { impl: 'go-flate', level };
  }
  return null;
}
