/**
 * Deflate parameters: which compressor, at which settings, reproduces a stream byte for byte.
 * A `DeflateParams` is small and JSON-serialisable; it is what cairn stores beside the
 * inflated bytes so that the compressed form can be rebuilt exactly (docs/deflate.md).
 */
import { BadInputError } from '../errors.js';
import { checkStored, type StoredParams } from './stored.js';

/**
 * `zlib-1.2.13`: Debian's system zlib (Python, Java, most C tools), reproduced by pako 2.1.0
 * in pure JavaScript, so it gives the same bytes on every Node version.
 * `zlib-1.3.1`: Node 20's bundled zlib (node:zlib); only reproducible where
 * `process.versions.zlib` is 1.3.1.
 */
export type DeflateImpl = 'zlib-1.2.13' | 'zlib-1.3.1';
export const DEFLATE_IMPLS: readonly DeflateImpl[] = ['zlib-1.2.13', 'zlib-1.3.1'];

/** Settings of a zlib deflate. */
export interface ZlibParams {
  impl: DeflateImpl;
  /** 0-9 */
  level: number;
  /** 1-9 (zlib's default 8) */
  memLevel: number;
  /** 9-15: log2 of the window (zlib's default 15) */
  windowBits: number;
  /** 0 default, 1 filtered, 2 huffman-only, 3 rle, 4 fixed */
  strategy: number;
}

/** Go's compress/flate (and so compress/gzip) at a level of 1-9, remade by go-flate.ts and go-fast.ts. */
export interface GoParams {
  impl: 'go-flate';
  level: number;
}

/** A compressor that streams (everything but stored-block lengths). */
export type StreamParams = ZlibParams | GoParams;

/** What reproduces a deflate stream: a zlib at some settings, Go's flate, or stored-block lengths. */
export type DeflateParams = ZlibParams | GoParams | StoredParams;

function intIn(value: unknown, lo: number, hi: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi;
}

/** Checks a descriptor read from storage or the wire; throws BadInputError when it is not one. */
export function checkParams(value: unknown): DeflateParams {
  if ((value as StoredParams | null)?.impl === 'stored') return checkStored(value as StoredParams);
  if ((value as GoParams | null)?.impl === 'go-flate') {
    const level = (value as GoParams).level;
    if (!intIn(level, 1, 9) || Object.keys(value as object).length !== 2) throw new BadInputError(`not a deflate descriptor: ${JSON.stringify(value)}`);
    return { impl: 'go-flate', level };
  }
  const p = value as Partial<ZlibParams> | null;
  if (
    p === null ||
    typeof p !== 'object' ||
    !DEFLATE_IMPLS.includes(p.impl as DeflateImpl) ||
    !intIn(p.level, 0, 9) ||
    !intIn(p.memLevel, 1, 9) ||
    !intIn(p.windowBits, 9, 15) ||
    !intIn(p.strategy, 0, 4)
  ) {
    throw new BadInputError(`not a deflate descriptor: ${JSON.stringify(value)}`);
  }
  return { impl: p.impl!, level: p.level, memLevel: p.memLevel, windowBits: p.windowBits, strategy: p.strategy };
}

export function sameParams(a: ZlibParams, b: ZlibParams): boolean {
  return (
    a.impl === b.impl &&
    a.level === b.level &&
    a.memLevel === b.memLevel &&
    a.windowBits === b.windowBits &&
    a.strategy === b.strategy
  );
}

/** Hints that order the search (never exclude a candidate). */
export interface SearchHints {
  /** Levels to try first, e.g. from a gzip XFL byte or a zlib FLEVEL. */
  levels?: readonly number[];
  /** The window size when a zlib header states it. */
  windowBits?: number;
  /** Parameters that worked on a sibling (the previous zip entry, the previous layer). */
  tried?: readonly DeflateParams[];
  /** Also try other strategies, smaller windows and memLevels (a few hundred candidates). */
  exhaustive?: boolean;
}

const ALL_LEVELS = [6, 9, 1, 5, 4, 3, 2, 7, 8, 0];

function orderedLevels(first: readonly number[] = []): number[] {
  const out = first.filter((l) => intIn(l, 0, 9));
  for (const l of ALL_LEVELS) if (!out.includes(l)) out.push(l);
  return out;
}

/**
 * Every candidate in the order they are tried, common settings first, in tiers:
 * defaults (memLevel 8, the window, strategy 0) at every level; memLevel 9; the other
 * strategies; smaller windows; smaller memLevels. pako (1.2.13) before node:zlib in each tier.
 * Without `exhaustive`, only the first two tiers (what zlib's users almost always pick).
 */
export function* candidates(hints: SearchHints = {}): Generator<ZlibParams> {
  const seen = new Set<string>();
  const key = (p: ZlibParams): string => `${p.impl}/${p.level}/${p.memLevel}/${p.windowBits}/${p.strategy}`;
  function* emit(p: ZlibParams): Generator<ZlibParams> {
    const k = key(p);
    if (seen.has(k)) return;
    seen.add(k);
    yield p;
  }
  for (const p of hints.tried ?? []) if (p.impl !== 'stored' && p.impl !== 'go-flate') yield* emit(p);
  const levels = orderedLevels(hints.levels);
  const wb = intIn(hints.windowBits, 9, 15) ? hints.windowBits : 15;
  const tier = function* (memLevels: number[], windows: number[], strategies: number[], lv: number[]) {
    for (const impl of DEFLATE_IMPLS)
      for (const memLevel of memLevels)
        for (const windowBits of windows)
          for (const strategy of strategies)
            for (const level of lv) yield* emit({ impl, level, memLevel, windowBits, strategy });
  };
  yield* tier([8], [wb], [0], levels);
  yield* tier([9], [wb], [0], levels);
  if (!hints.exhaustive) return;
  // filtered only changes levels 4-9; huffman-only and rle ignore the level above 0.
  yield* tier([8, 9], [wb], [1], levels.filter((l) => l >= 4));
  yield* tier([8, 9], [wb], [2, 3], [levels.find((l) => l > 0) ?? 6]);
  yield* tier([8, 9], [wb], [4], levels.filter((l) => l > 0));
  const smaller = [14, 13, 12, 11, 10, 9].filter((w) => w !== wb);
  yield* tier([8], smaller, [0], levels);
  yield* tier([7, 6, 5, 4, 3, 2, 1], [wb], [0], levels);
}
