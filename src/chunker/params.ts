/**
 * Chunker parameters: defaults, validation with typed errors naming the parameter, and the
 * chunker identity a store records so that it never mixes incompatible cut rules.
 *
 * Bounds follow the FastCDC reference implementation (fastcdc-rs v2020: min 64 B..1 MiB,
 * avg 256 B..4 MiB, max 1 KiB..16 MiB), which checks them only in debug builds; cairn checks
 * them always.
 */
import { BadParameterError } from '../errors.js';

/** How a file is cut into chunks. */
export type ChunkingMode = 'aligned' | 'fastcdc' | 'fixed' | 'file';

export const CHUNKING_MODES: readonly ChunkingMode[] = ['aligned', 'fastcdc', 'fixed', 'file'];

/** Chunker options as a caller gives them; every field is optional. */
export interface ChunkerOptions {
  /** @default 'aligned' */
  mode?: ChunkingMode;
  /** Smallest chunk (except a file's last). @default 16384 */
  min?: number;
  /** Target mean chunk size; in `fixed` mode, the chunk size. @default 65536 */
  avg?: number;
  /** Largest chunk. @default 262144 */
  max?: number;
  /** `aligned` mode: cut points fall on multiples of this, from the file's start. @default 4096 */
  align?: number;
  /** Normalized chunking level 0..3. @default 1 */
  normalization?: number;
  /** Gear-table seed; 0 is the plain table, so that chunks match across stores. @default 0 */
  seed?: number | bigint;
}

/** Options with every default resolved; what the kernel is configured from. */
export interface ChunkerParams {
  readonly mode: ChunkingMode;
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  readonly align: number;
  readonly normalization: number;
  readonly seed: bigint;
}

export const DEFAULT_CHUNKER_PARAMS: ChunkerParams = Object.freeze({
  mode: 'aligned',
  min: 16 * 1024,
  avg: 64 * 1024,
  max: 256 * 1024,
  align: 4096,
  normalization: 1,
  seed: 0n,
});

export const MIN_BOUNDS = { low: 64, high: 1024 * 1024 } as const;
export const AVG_BOUNDS = { low: 256, high: 4 * 1024 * 1024 } as const;
export const MAX_BOUNDS = { low: 1024, high: 16 * 1024 * 1024 } as const;
export const ALIGN_BOUNDS = { low: 64, high: 1024 * 1024 } as const;
const U64_MAX = (1n << 64n) - 1n;

function checkInteger(name: string, value: number, low: number, high: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new BadParameterError(name, `${name} must be an integer, got ${String(value)}`);
  }
  if (value < low || value > high) {
    throw new BadParameterError(name, `${name} must be between ${low} and ${high}, got ${value}`);
  }
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** Resolves defaults into a new object (the caller's options are never written) and validates. */
export function resolveChunkerParams(options: ChunkerOptions = {}): ChunkerParams {
  const d = DEFAULT_CHUNKER_PARAMS;
  const mode = options.mode ?? d.mode;
  if (!CHUNKING_MODES.includes(mode)) {
    throw new BadParameterError('mode', `mode must be one of ${CHUNKING_MODES.join(', ')}, got ${String(mode)}`);
  }
  const params = {
    mode,
    min: options.min ?? d.min,
    avg: options.avg ?? d.avg,
    max: options.max ?? d.max,
    align: options.align ?? d.align,
    normalization: options.normalization ?? d.normalization,
    seed: BigInt(options.seed ?? d.seed),
  };
  if (params.seed < 0n || params.seed > U64_MAX) {
    throw new BadParameterError('seed', `seed must be between 0 and 2^64-1, got ${params.seed}`);
  }
  checkInteger('normalization', params.normalization, 0, 3);
  if (mode === 'file') return Object.freeze(params);
  checkInteger('avg', params.avg, AVG_BOUNDS.low, AVG_BOUNDS.high);
  if (mode === 'fixed') return Object.freeze(params);
  checkInteger('min', params.min, MIN_BOUNDS.low, MIN_BOUNDS.high);
  checkInteger('max', params.max, MAX_BOUNDS.low, MAX_BOUNDS.high);
  if (params.min > params.avg) {
    throw new BadParameterError('min', `min (${params.min}) must not exceed avg (${params.avg})`);
  }
  if (params.avg > params.max) {
    throw new BadParameterError('max', `max (${params.max}) must not be less than avg (${params.avg})`);
  }
  if (mode === 'aligned') {
    checkInteger('align', params.align, ALIGN_BOUNDS.low, ALIGN_BOUNDS.high);
    if (!isPowerOfTwo(params.align)) {
      throw new BadParameterError('align', `align must be a power of two, got ${params.align}`);
    }
    for (const name of ['min', 'avg', 'max'] as const) {
      if (params[name] % params.align !== 0) {
        throw new BadParameterError(name, `${name} (${params[name]}) must be a multiple of align (${params.align})`);
      }
    }
  }
  return Object.freeze(params);
}

/**
 * What fixes a store's cut points: two chunkers with equal identities cut every input at the
 * same offsets. `version` changes whenever a cut rule changes.
 */
export interface ChunkerIdentity {
  readonly algorithm: 'cairn-aligned' | 'fastcdc-v2020' | 'fixed' | 'file';
  readonly version: 1;
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  readonly align: number;
  readonly normalization: number;
  /** Decimal string: a u64 does not fit a JSON number. */
  readonly seed: string;
}

export function chunkerIdentity(params: ChunkerParams): ChunkerIdentity {
  const algorithm = ({ aligned: 'cairn-aligned', fastcdc: 'fastcdc-v2020', fixed: 'fixed', file: 'file' } as const)[params.mode];
  // Only the fields a mode uses take part; the rest are zeroed so they cannot cause a mismatch.
  const uses = {
    aligned: { min: true, max: true, align: true, normalization: true, seed: true },
    fastcdc: { min: true, max: true, align: false, normalization: true, seed: true },
    fixed: { min: false, max: false, align: false, normalization: false, seed: false },
    file: { min: false, max: false, align: false, normalization: false, seed: false },
  }[params.mode];
  return Object.freeze({
    algorithm,
    version: 1,
    min: uses.min ? params.min : 0,
    avg: params.mode === 'file' ? 0 : params.avg,
    max: uses.max ? params.max : 0,
    align: uses.align ? params.align : 0,
    normalization: uses.normalization ? params.normalization : 0,
    seed: uses.seed ? params.seed.toString() : '0',
  });
}

/** A one-line form of the identity, e.g. for messages and `cairn chunk`. */
export function formatChunkerIdentity(id: ChunkerIdentity): string {
  return `${id.algorithm}/v${id.version} min=${id.min} avg=${id.avg} max=${id.max} align=${id.align} nc=${id.normalization} seed=${id.seed}`;
}

export function sameChunkerIdentity(a: ChunkerIdentity, b: ChunkerIdentity): boolean {
  return formatChunkerIdentity(a) === formatChunkerIdentity(b);
}
