/**
 * Chunker parameters: defaults, validation with typed errors naming the parameter, and the
 * chunker identity a store records so that it never mixes incompatible cut rules.
 *
 * Bounds follow the FastCDC reference implementation (fastcdc-rs v2020: min 64 B..1 MiB,
 * avg 256 B..4 MiB, max 1 KiB..16 MiB), which checks them only in debug builds; cairn checks
 * them always.
 */
import { BadParameterError } from '../errors.js';
export const CHUNKING_MODES = ['aligned', 'fastcdc', 'fixed', 'file'];
export const DEFAULT_CHUNKER_PARAMS = Object.freeze({
    mode: 'aligned',
    min: 16 * 1024,
    avg: 64 * 1024,
    max: 256 * 1024,
    align: 4096,
    normalization: 1,
    seed: 0n,
});
export const MIN_BOUNDS = { low: 64, high: 1024 * 1024 };
export const AVG_BOUNDS = { low: 256, high: 4 * 1024 * 1024 };
export const MAX_BOUNDS = { low: 1024, high: 16 * 1024 * 1024 };
export const ALIGN_BOUNDS = { low: 64, high: 1024 * 1024 };
const U64_MAX = (1n << 64n) - 1n;
function checkInteger(name, value, low, high) {
    if (!Number.isSafeInteger(value)) {
        throw new BadParameterError(name, `${name} must be an integer, got ${String(value)}`);
    }
    if (value < low || value > high) {
        throw new BadParameterError(name, `${name} must be between ${low} and ${high}, got ${value}`);
    }
}
function isPowerOfTwo(n) {
    return n > 0 && (n & (n - 1)) === 0;
}
/** Resolves defaults into a new object (the caller's options are never written) and validates. */
export function resolveChunkerParams(options = {}) {
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
    if (mode === 'file')
        return Object.freeze(params);
    checkInteger('avg', params.avg, AVG_BOUNDS.low, AVG_BOUNDS.high);
    if (mode === 'fixed')
        return Object.freeze(params);
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
        for (const name of ['min', 'avg', 'max']) {
            if (params[name] % params.align !== 0) {
                throw new BadParameterError(name, `${name} (${params[name]}) must be a multiple of align (${params.align})`);
            }
        }
    }
    return Object.freeze(params);
}
export function chunkerIdentity(params) {
    const algorithm = { aligned: 'cairn-aligned', fastcdc: 'fastcdc-v2020', fixed: 'fixed', file: 'file' }[params.mode];
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
export function formatChunkerIdentity(id) {
    return `${id.algorithm}/v${id.version} min=${id.min} avg=${id.avg} max=${id.max} align=${id.align} nc=${id.normalization} seed=${id.seed}`;
}
export function sameChunkerIdentity(a, b) {
    return formatChunkerIdentity(a) === formatChunkerIdentity(b);
}
//# sourceMappingURL=params.js.map