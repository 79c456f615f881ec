/**
 * cairn's delta codec: encodeDelta, decodeDelta and chooseDelta (see docs/delta.md).
 *
 * Methods by size: below `windowedAbove` bytes (base plus target, 192 MiB by default, the
 * size where tar-diff also switches) the whole-file methods "sa" (bsdiff's recipe) and "zstd"
 * (base as a long-window prefix); above it, "windowed". sa is always tried; zstd at level 19
 * costs far more than sa on large files (it indexes the whole base with its slowest match
 * finder) and only wins where sa's delta is already small in absolute terms, so by default it
 * is tried only when it is cheap (base plus target at most ZSTD_TRIAL_BYTES) or when sa did
 * poorly (a delta above 1/SA_POOR_FRACTION of the target: much new content, where zstd's
 * single history over base and target can do better). The smaller is kept.
 *
 * Memory, encoding: base and target, plus for sa 5 bytes per base byte (suffix array and
 * suffix types) and 2 bytes per target byte (diff and extra streams), plus zstd's own state
 * (a copy of the base as dictionary and its match tables at level 19, which is what `zstd
 * --patch-from` also needs). Windowed: the same per window, with a base slice of at most two
 * windows. Decoding: base and target, the payload's decompressed streams (at most twice the
 * target), and zstd's copy of the base (or base slice) as dictionary; every allocation is
 * bounded by the declared target length, which is checked against `maxTargetLength` first.
 */
import { hash } from 'node:crypto';
import { constants } from 'node:buffer';
import { BadInputError, BadParameterError, CorruptDataError } from '../errors.js';
import { MAGIC, readDelta, writeDelta, writeRawDelta, type DeltaHeader } from './format.js';
import { matchFiles } from './kernel.js';
import { decodeSaHashed, encodeSaPayloads, saDiffCodingOf, type DiffCoding, type SaPayloads } from './method-sa.js';
import { decodeZstd, encodeZstd } from './method-zstd.js';
import { decodeWindowed, encodeWindowed, METHOD_SA, METHOD_WINDOWED, METHOD_ZSTD, windowDiffCodings } from './method-windowed.js';

export type DeltaMethod = 'sa' | 'zstd' | 'windowed';
export type { DiffCoding };

const METHOD_IDS: Record<DeltaMethod, number> = { sa: METHOD_SA, zstd: METHOD_ZSTD, windowed: METHOD_WINDOWED };
const METHOD_NAMES = new Map<number, DeltaMethod>(Object.entries(METHOD_IDS).map(([k, v]) => [v, k as DeltaMethod]));

export const DEFAULT_WINDOWED_ABOVE = 192 * 1024 * 1024;
export const DEFAULT_WINDOW_BYTES = 32 * 1024 * 1024;
export const DEFAULT_LEVEL = 19;
/** Base plus target bytes up to which the zstd method is always tried beside sa. */
export const ZSTD_TRIAL_BYTES = 1024 * 1024;
/** Above this size, zstd is tried only when sa's delta exceeds 1/SA_POOR_FRACTION of the target. */
export const SA_POOR_FRACTION = 8;

/** Whether the zstd method is worth trying after sa made a delta of `saBytes`. */
export function zstdWorthTrying(baseLength: number, targetLength: number, saBytes: number): boolean {
  return baseLength + targetLength <= ZSTD_TRIAL_BYTES || saBytes * SA_POOR_FRACTION > targetLength;
}

export interface DeltaOptions {
  /** One method, or the methods chooseDelta tries (each of them); default: by size, zstd only when worth it (see above). */
  methods?: readonly DeltaMethod[];
  /** zstd level for the payload streams and the zstd method (1-22, default 19). */
  level?: number;
  /** Base plus target bytes above which only the windowed method is used. */
  windowedAbove?: number;
  /** Target bytes per window of the windowed method. */
  windowBytes?: number;
  /** Also make the raw variant (docs/delta.md) of the sa delta, when sa is tried: `ChosenDelta.raw`. */
  raw?: boolean;
  /**
   * How sa deltas (whole or in windows) code their diff stream: the smaller of split and
   * context-modelled (`smallest`, default: bundles, decoded once), or `split` only (the
   * store's deltas, decoded at every cold read: no range coder to run, a little larger).
   */
  diffCoding?: DiffCoding;
}

export interface DecodeOptions {
  /** Refuse deltas that declare a larger target (default: the largest Buffer). */
  maxTargetLength?: number;
  /**
   * Accept the raw variant, which carries no digests: the caller has checked the delta's bytes
   * and checks the target it gets (a bundle: the delta section's sha256, each file's sha256).
   */
  raw?: boolean;
  /** The caller has checked the base against the delta's base digest: it is not hashed again. */
  baseChecked?: boolean;
  /** The caller has checked these very bytes' CRC-32 (inspectDelta): it is not computed again. */
  crcChecked?: boolean;
}

export interface DeltaCandidate {
  method: DeltaMethod;
  bytes: number;
  seconds: number;
}

export interface ChosenDelta {
  delta: Uint8Array;
  method: DeltaMethod;
  /** Every method tried, in order, with its size and encoding time. */
  candidates: DeltaCandidate[];
  /** With `options.raw`, when sa was tried (chosen or not): the sa delta as the raw variant (its streams not compressed). */
  raw?: Uint8Array;
}

function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer') as unknown as Buffer;
}

function settings(options: DeltaOptions) {
  const level = options.level ?? DEFAULT_LEVEL;
  const windowedAbove = options.windowedAbove ?? DEFAULT_WINDOWED_ABOVE;
  const windowBytes = options.windowBytes ?? DEFAULT_WINDOW_BYTES;
  if (!Number.isInteger(level) || level < 1 || level > 22) throw new BadParameterError('level', `zstd level must be 1-22, not ${level}`);
  if (!Number.isSafeInteger(windowBytes) || windowBytes < 1) throw new BadParameterError('windowBytes', `window size must be a positive integer, not ${windowBytes}`);
  if (!(windowedAbove >= 0)) throw new BadParameterError('windowedAbove', `bad size threshold ${windowedAbove}`);
  return { level, windowedAbove, windowBytes };
}

/** The methods suited to these sizes. */
export function methodsFor(baseLength: number, targetLength: number, options: DeltaOptions = {}): DeltaMethod[] {
  const { windowedAbove } = settings(options);
  return baseLength + targetLength > windowedAbove ? ['windowed'] : ['sa', 'zstd'];
}

/** bsdiff's match gain, and the one also tried on text (docs/delta.md "Matching"). */
const GAIN = 8;
const TEXT_GAIN = 32;

/** sa: with bsdiff's gain, and on a target without NUL bytes (text) also with TEXT_GAIN; the smaller payload kept. */
function encodeSa2(base: Uint8Array, target: Uint8Array, level: number, diffCoding: DiffCoding | undefined, raw: boolean): SaPayloads {
  const gains = target.indexOf(0) === -1 ? [GAIN, TEXT_GAIN] : [GAIN];
  let best: SaPayloads | undefined;
  for (const match of matchFiles(base, target, gains)) {
    const encoded = encodeSaPayloads(base, match, { level, diffCoding }, raw);
    if (!best || encoded.payload.length < best.payload.length) best = encoded;
  }
  return best!;
}

/** Encodes with each method asked for (default: those suited to the sizes) and keeps the smallest. */
export function chooseDelta(base: Uint8Array, target: Uint8Array, options: DeltaOptions = {}): ChosenDelta {
  const { level, windowBytes } = settings(options);
  const methods = options.methods ?? methodsFor(base.length, target.length, options);
  const adaptive = options.methods === undefined;
  if (methods.length === 0) throw new BadParameterError('methods', 'no delta method to try');
  const header = { baseSha256: sha256(base), targetSha256: sha256(target), baseLength: base.length, targetLength: target.length };
  let best: ChosenDelta | undefined;
  let saRaw: Uint8Array | undefined;
  const candidates: DeltaCandidate[] = [];
  for (const method of methods) {
    const id = METHOD_IDS[method];
    if (id === undefined) throw new BadParameterError('methods', `unknown delta method ${String(method)}`);
    if (adaptive && method === 'zstd' && best?.method === 'sa' && !zstdWorthTrying(base.length, target.length, best.delta.length)) continue;
    const start = process.hrtime.bigint();
    let payload: Uint8Array;
    let raw: Uint8Array | undefined;
    if (method === 'sa') ({ payload, raw } = encodeSa2(base, target, level, options.diffCoding, options.raw === true));
    else if (method === 'zstd') payload = encodeZstd(base, target, level);
    else payload = encodeWindowed(base, target, { level, windowBytes, inner: [METHOD_SA, METHOD_ZSTD], worth: adaptive ? zstdWorthTrying : undefined, diffCoding: options.diffCoding });
    const delta = writeDelta({ ...header, method: id }, payload);
    candidates.push({ method, bytes: delta.length, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    if (raw) saRaw = writeRawDelta({ method: id, baseLength: base.length, targetLength: target.length }, raw);
    if (!best || delta.length < best.delta.length) best = { delta, method, candidates };
  }
  return saRaw ? { ...best!, raw: saRaw } : best!;
}

/** A self-describing delta that turns `base` into `target` (see chooseDelta for the options). */
export function encodeDelta(base: Uint8Array, target: Uint8Array, options: DeltaOptions = {}): Uint8Array {
  return chooseDelta(base, target, options).delta;
}

export interface DeltaInfo {
  method: DeltaMethod;
  baseSha256: string;
  targetSha256: string;
  baseLength: number;
  targetLength: number;
}

function describe(header: DeltaHeader): DeltaInfo {
  const method = METHOD_NAMES.get(header.method);
  if (!method) throw new CorruptDataError(`unknown delta method ${header.method}`, { offset: 5 });
  return {
    method,
    baseSha256: header.baseSha256 ? 'sha256:' + Buffer.from(header.baseSha256).toString('hex') : '',
    targetSha256: header.targetSha256 ? 'sha256:' + Buffer.from(header.targetSha256).toString('hex') : '',
    baseLength: header.baseLength,
    targetLength: header.targetLength,
  };
}

/** The method a delta (either variant) names in its header, unchecked: undefined when it names none. */
export function deltaMethodOf(delta: Uint8Array): DeltaMethod | undefined {
  return delta.length > 5 && MAGIC.every((b, k) => delta[k] === b) ? METHOD_NAMES.get(delta[5]!) : undefined;
}

/**
 * How many sa payloads of a delta (one for an sa delta, one per sa window of a windowed one)
 * code their diff stream each way, after checking its checksum (a raw variant has none).
 */
export function diffCodingsOf(delta: Uint8Array): { split: number; modelled: number } {
  const { header, payload } = readDelta(delta, true);
  if (header.method === METHOD_SA) return { split: 0, modelled: 0, [saDiffCodingOf(payload)]: 1 };
  if (header.method === METHOD_WINDOWED) return windowDiffCodings(payload);
  return { split: 0, modelled: 0 };
}

/** The method and sizes a delta declares, after checking its checksum. */
export function inspectDelta(delta: Uint8Array): DeltaInfo {
  return describe(readDelta(delta, true).header);
}

/**
 * Rebuilds the target from `base` and `delta`. The base must be the one the delta was made
 * against (BadInputError otherwise); a damaged or malformed delta is a CorruptDataError.
 */
export function decodeDelta(base: Uint8Array, delta: Uint8Array, options: DecodeOptions = {}): Uint8Array {
  const { header, payload } = readDelta(delta, options.raw === true, options.crcChecked === true);
  const info = describe(header);
  const limit = options.maxTargetLength ?? constants.MAX_LENGTH;
  if (header.targetLength > limit) {
    throw new CorruptDataError(`delta declares a target of ${header.targetLength} bytes, above the limit of ${limit}`, { offset: 80 });
  }
  if (base.length !== header.baseLength || (header.baseSha256 && options.baseChecked !== true && !sha256(base).equals(header.baseSha256))) {
    throw new BadInputError(`delta was made against another base (${info.baseSha256}, ${header.baseLength} bytes)`, { digest: info.baseSha256 });
  }
  let target: Uint8Array;
  // An sa target may come with its digest, hashed on another thread as it was copied out.
  let digest: Buffer | undefined;
  if (header.method === METHOD_SA) ({ target, digest } = decodeSaHashed(base, payload, header.targetLength, header.targetSha256 !== undefined));
  else if (header.method === METHOD_ZSTD) target = decodeZstd(base, payload, header.targetLength);
  else target = decodeWindowed(base, payload, header.targetLength);
  if (header.targetSha256 && !(digest ?? sha256(target)).equals(header.targetSha256)) {
    throw new CorruptDataError(`delta rebuilt a target that does not match ${info.targetSha256}`, { digest: info.targetSha256 });
  }
  return target;
}
