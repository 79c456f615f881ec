/**
 * Method 1, "sa": bsdiff's recipe (suffix-array matches, a bytewise-add stream, verbatim
 * extra bytes). The add ("diff") stream, mostly zeros, is stored whichever way is smaller:
 * split into the positions of its non-zero bytes and those bytes, each zstd-compressed, or
 * context-modelled with a range coder (diff-model.ts; on executables smaller than bzip2,
 * which bsdiff uses). The extra bytes may be compressed with the base as dictionary.
 *
 * Payload (docs/delta.md is the reference):
 *   stream control    (varint diffRun, varint extraRun, zigzag-varint seek) per step
 *   varint diffLength  total length of the diff stream
 *   byte diffCoding    0: stream gaps, stream nonzero; 1: varint length, range-coded bytes
 *   stream extra      the extra bytes
 * where each stream is: varint rawLength, byte coding (0 raw, 1 zstd, 2 zstd with the base
 * as raw-content dictionary), varint storedLength, storedLength bytes.
 */
import { CorruptDataError } from '../errors.js';
import { sha256Sink } from '../workers/ring-hash.js';
import { ScratchSlot } from '../scratch.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { decodeDiffSteps, encodeDiffModel } from './diff-model.js';
import { kernelRebuildSa, KernelMemoryError, matchFiles, placedBase, type SaDiffStream } from './kernel.js';
import type { MatchResult } from './matcher.js';
import { windowLogFor, zstdCompress, zstdDecompressInto } from './zstd.js';

export interface StreamOptions {
  level: number;
  /**
   * How the diff stream is coded: the smaller of split and context-modelled (`smallest`, the
   * default), or split only (`split`: no range coder to run when it is decoded; the store's
   * deltas, decoded at every cold read, docs/delta.md "Decoding speed").
   */
  diffCoding?: DiffCoding | undefined;
}

/** How an sa delta's diff stream is chosen (StreamOptions.diffCoding). */
export type DiffCoding = 'smallest' | 'split';

/** A payload, and with `raw` its raw variant (docs/delta.md "Raw variant"): every zstd-coded (1) stream stored raw (0) instead. */
export interface SaPayloads {
  payload: Uint8Array;
  raw?: Uint8Array;
}

const DIFF_SPLIT = 0;
const DIFF_MODELLED = 1;

const RAW = 0;
const ZSTD = 1;
const ZSTD_BASE = 2;
/** Try the base as dictionary only when the stream's compressed size is at least base / this. */
const DICTIONARY_WORTH = 16;

function writeStream(out: ByteWriter, data: Uint8Array, options: StreamOptions, base?: Uint8Array, rawOut?: ByteWriter): void {
  out.varint(data.length);
  let coding = RAW;
  let stored = data;
  if (data.length > 0) {
    const plain = zstdCompress(data, { level: options.level, windowLog: windowLogFor(data.length) });
    if (plain.length < stored.length) [coding, stored] = [ZSTD, plain];
    // The base as dictionary costs a pass over the whole base at this level (seconds for a
    // few MiB at 19) and can save at most the stream's own compressed size: tried only when
    // that size is at least 1/16 of the base (measured on the demo corpus, the dictionary
    // saved 0.3% of the delta for 4 to 14 s on binaries of 9 to 25 MB).
    if (base && base.length > 0 && stored.length * DICTIONARY_WORTH >= base.length) {
      const dict = zstdCompress(data, { level: options.level, dictionary: base, windowLog: windowLogFor(data.length + base.length) });
      if (dict.length < stored.length) [coding, stored] = [ZSTD_BASE, dict];
    }
  }
  out.byte(coding);
  out.varint(stored.length);
  out.bytes(stored);
  if (rawOut) {
    const [rawCoding, rawStored] = coding === ZSTD ? [RAW, data] : [coding, stored];
    rawOut.varint(data.length);
    rawOut.byte(rawCoding);
    rawOut.varint(rawStored.length);
    rawOut.bytes(rawStored);
  }
}

/**
 * Where each stream of the decode under way is decompressed: reused memory, not fresh (a page
 * fault per 4 KiB, src/scratch.ts). decodeSa is synchronous, and what it returns is a copy: no
 * view of a slot outlives it.
 */
const streamSlots = { control: new ScratchSlot(), gaps: new ScratchSlot(), nonzero: new ScratchSlot(), extra: new ScratchSlot() };
type StreamName = keyof typeof streamSlots;

/** Reads a stream of at most `limit` bytes (declared lengths beyond it are corrupt, not allocated). */
function readStream(input: ByteReader, limit: number, name: StreamName, base: Uint8Array): Uint8Array {
  const rawLength = input.varint();
  if (rawLength > limit) input.fail(`${name} stream of ${rawLength} bytes exceeds its bound of ${limit}`);
  const coding = input.byte();
  const stored = input.bytes(input.varint());
  if (coding === RAW) {
    if (stored.length !== rawLength) input.fail(`raw ${name} stream length mismatch`);
    return stored;
  }
  if (coding === ZSTD) return zstdDecompressInto(streamSlots[name].take(rawLength), stored, `delta ${name} stream`);
  if (coding === ZSTD_BASE) return zstdDecompressInto(streamSlots[name].take(rawLength), stored, `delta ${name} stream`, base);
  return input.fail(`unknown ${name} stream coding ${coding}`);
}

/** The diff stream as gaps between its non-zero bytes, and those bytes. */
function splitDiff(diff: Uint8Array): { gaps: Uint8Array; nonzero: Uint8Array } {
  const gaps = new ByteWriter();
  const nonzero = new ByteWriter();
  let last = 0;
  for (let i = 0; i < diff.length; i++) {
    if (diff[i] !== 0) {
      gaps.varint(i - last);
      nonzero.byte(diff[i]!);
      last = i + 1;
    }
  }
  return { gaps: gaps.finish(), nonzero: nonzero.finish() };
}

/** The diff stream of the decode under way (decodeSa is synchronous and lets it go before it returns). */
const diffScratch = new ScratchSlot();

/** Rebuilds the diff stream; the gaps must place every non-zero byte inside it. */
function joinDiff(length: number, gaps: Uint8Array, nonzero: Uint8Array): Uint8Array {
  const diff = diffScratch.take(length).fill(0);
  const reader = new ByteReader(gaps, 'delta gaps stream');
  let at = 0;
  for (let i = 0; i < nonzero.length; i++) {
    const gap = reader.varint();
    if (gap >= length - at) reader.fail('non-zero diff byte past the end of the diff stream');
    at += gap;
    if (nonzero[i] === 0) reader.fail('zero byte in the non-zero stream');
    diff[at++] = nonzero[i]!;
  }
  reader.end();
  return diff;
}

/** Encodes `target` against `base` (bsdiff's match gain). */
export function encodeSa(base: Uint8Array, target: Uint8Array, options: StreamOptions): Uint8Array {
  return encodeSaPayloads(base, matchFiles(base, target)[0]!, options, false).payload;
}

/** encodeSa's payload and, when `raw`, its raw variant, from one match of the target against `base`. */
export function encodeSaPayloads(base: Uint8Array, match: MatchResult, options: StreamOptions, raw: boolean): SaPayloads {
  const { steps, diff, extra } = match;
  const control = new ByteWriter();
  for (let i = 0; i < steps.length; i += 3) {
    control.varint(steps[i]!);
    control.varint(steps[i + 1]!);
    control.signed(steps[i + 2]!);
  }
  const out = new ByteWriter();
  const rawOut = raw ? new ByteWriter() : undefined;
  writeStream(out, control.finish(), options, undefined, rawOut);
  out.varint(diff.length);
  rawOut?.varint(diff.length);
  // The diff stream both ways, the smaller kept: split and zstd, or context-modelled (unless
  // the caller asked for split only).
  const { gaps, nonzero } = splitDiff(diff);
  const split = new ByteWriter();
  const rawSplit = raw ? new ByteWriter() : undefined;
  writeStream(split, gaps, options, undefined, rawSplit);
  writeStream(split, nonzero, options, undefined, rawSplit);
  const splitBytes = split.finish();
  const modelled = options.diffCoding === 'split' ? undefined : encodeDiffModel(diff, base, steps);
  if (modelled && modelled.length + 8 < splitBytes.length) {
    for (const w of rawOut ? [out, rawOut] : [out]) {
      w.byte(DIFF_MODELLED);
      w.varint(modelled.length);
      w.bytes(modelled);
    }
  } else {
    out.byte(DIFF_SPLIT);
    out.bytes(splitBytes);
    rawOut?.byte(DIFF_SPLIT);
    if (rawOut) rawOut.bytes(rawSplit!.finish());
  }
  writeStream(out, extra, options, base, rawOut);
  return { payload: out.finish(), ...(rawOut ? { raw: rawOut.finish() } : {}) };
}

/** Largest control stream a target of `length` bytes can need: a step per byte, 3 varints of at most 8 bytes. */
function controlBound(length: number): number {
  return 24 * (length + 1);
}

/**
 * The control stream's steps (diff run, extra run, seek: three numbers each), every one checked
 * before a byte is rebuilt: the runs stay inside the base, the diff and extra streams and the
 * target, and together use all of them.
 */
function readSteps(control: ByteReader, payload: ByteReader, baseLength: number, targetLength: number, diffLength: number, extraLength: number): number[] {
  const steps: number[] = [];
  let outAt = 0;
  let basePos = 0;
  let diffAt = 0;
  let extraAt = 0;
  while (control.remaining > 0) {
    const diffRun = control.varint();
    const extraRun = control.varint();
    const seek = control.signed();
    if (diffRun > targetLength - outAt) control.fail('output exceeds the declared target length');
    if (diffRun > baseLength - basePos) control.fail('diff run reads past the end of the base');
    if (diffRun > diffLength - diffAt) control.fail('diff stream exhausted');
    outAt += diffRun;
    diffAt += diffRun;
    if (extraRun > targetLength - outAt) control.fail('output exceeds the declared target length');
    if (extraRun > extraLength - extraAt) control.fail('extra stream exhausted');
    outAt += extraRun;
    extraAt += extraRun;
    const next = basePos + diffRun + seek;
    if (next < 0 || next > baseLength) control.fail('seek outside the base');
    basePos = next;
    steps.push(diffRun, extraRun, seek);
  }
  if (outAt !== targetLength) payload.fail(`rebuilt ${outAt} bytes, expected ${targetLength}`);
  if (diffAt !== diffLength || extraAt !== extraLength) payload.fail('streams not fully used');
  return steps;
}

/** How a payload codes its diff stream (its header read, nothing decompressed); CorruptDataError when it is not an sa payload. */
export function saDiffCodingOf(payload: Uint8Array): 'split' | 'modelled' {
  const input = new ByteReader(payload, 'delta (sa)');
  input.varint();
  input.byte();
  input.bytes(input.varint());
  input.varint();
  const coding = input.byte();
  if (coding === DIFF_SPLIT) return 'split';
  if (coding === DIFF_MODELLED) return 'modelled';
  return input.fail(`unknown diff coding ${coding}`);
}

/** Rebuilds exactly `targetLength` bytes, or throws CorruptDataError. */
export function decodeSa(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array {
  return decodeSaHashed(base, payload, targetLength, false).target;
}

/** Bytes copied out of the kernel between two hand-offs to the hash (read twice while in cache). */
const COPY_STEP = 256 << 10;

/**
 * decodeSa, and with `hash` the target's sha256, taken as the target is copied out of the
 * kernel piece by piece: on the ring's thread for a large target (src/workers/ring-hash.ts,
 * sha256Sink), so that the copy and the hash overlap. Without a digest (the reference decode,
 * or the ring's thread failed) the caller hashes the target itself.
 */
export function decodeSaHashed(base: Uint8Array, payload: Uint8Array, targetLength: number, hash: boolean): { target: Uint8Array; digest?: Buffer } {
  const rebuilt = rebuildInKernel(base, payload, targetLength);
  if (!rebuilt) return { target: decodeSaReference(placedBase(base), payload, targetLength) };
  const target = new Uint8Array(targetLength);
  if (!hash) {
    target.set(rebuilt);
    return { target };
  }
  const sink = sha256Sink(targetLength);
  for (let at = 0; at < targetLength; at += COPY_STEP) {
    const piece = rebuilt.subarray(at, at + COPY_STEP);
    sink.update(piece);
    target.set(piece, at);
  }
  const digest = sink.digest();
  return digest ? { target, digest } : { target };
}

/** A payload's streams, read and decompressed (the reader is kept for the errors that follow). */
interface SaStreams {
  input: ByteReader;
  control: Uint8Array;
  diffTotal: number;
  diff: SaDiffStream;
  extra: Uint8Array;
}

function readSaStreams(base: Uint8Array, payload: Uint8Array, targetLength: number): SaStreams {
  const input = new ByteReader(payload, 'delta (sa)');
  const control = readStream(input, controlBound(targetLength), 'control', base);
  const diffTotal = input.varint();
  if (diffTotal > targetLength) input.fail('diff stream longer than the target');
  const diffCoding = input.byte();
  let diff: SaDiffStream;
  if (diffCoding === DIFF_SPLIT) {
    const gaps = readStream(input, 8 * diffTotal, 'gaps', base);
    diff = { gaps, nonzero: readStream(input, diffTotal, 'nonzero', base) };
  } else if (diffCoding === DIFF_MODELLED) {
    diff = { modelled: input.bytes(input.varint()) };
  } else {
    return input.fail(`unknown diff coding ${diffCoding}`);
  }
  const extra = readStream(input, targetLength, 'extra', base);
  input.end();
  return { input, control, diffTotal, diff, extra };
}

/**
 * The target rebuilt by the delta kernel (kernelRebuildSa) once the payload's streams are read,
 * or undefined for decodeSaReference to rebuild it or say what is wrong: whatever fails here
 * (damage, numbers past the kernel's 31 bits, memory) is left to it, so that its checks, in
 * their order, give the error.
 */
function rebuildInKernel(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array | undefined {
  try {
    const { control, diff, diffTotal, extra } = readSaStreams(base, payload, targetLength);
    return kernelRebuildSa(base, control, diff, diffTotal, extra, targetLength);
  } catch (error) {
    if (error instanceof CorruptDataError || error instanceof KernelMemoryError) return undefined;
    throw error;
  }
}

/** decodeSa in TypeScript: the reference the kernel agrees with, and what reports damage. */
export function decodeSaReference(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array {
  const { input, control: controlStream, diffTotal, diff: stream, extra } = readSaStreams(base, payload, targetLength);
  const control = new ByteReader(controlStream, 'delta control stream');
  let diff = 'modelled' in stream ? undefined : joinDiff(diffTotal, stream.gaps, stream.nonzero);
  const steps = readSteps(control, input, base.length, targetLength, diffTotal, extra.length);
  if ('modelled' in stream) {
    // every byte of the diff is decoded before it is read
    const decoded = decodeDiffSteps(stream.modelled, base, steps, diffScratch.take(diffTotal));
    if (decoded.overrun) input.fail('modelled diff stream ended early');
    diff = decoded.diff;
  }

  const out = new Uint8Array(targetLength);
  let outAt = 0;
  let basePos = 0;
  let diffAt = 0;
  let extraAt = 0;
  for (let s = 0; s < steps.length; s += 3) {
    const diffLength = steps[s]!;
    const extraLength = steps[s + 1]!;
    // The base run copied whole, then the diff added where it is not zero (mostly it is).
    out.set(base.subarray(basePos, basePos + diffLength), outAt);
    for (let i = 0; i < diffLength; i++) {
      const d = diff![diffAt + i]!;
      if (d !== 0) out[outAt + i] = (out[outAt + i]! + d) & 0xff;
    }
    outAt += diffLength;
    diffAt += diffLength;
    out.set(extra.subarray(extraAt, extraAt + extraLength), outAt);
    outAt += extraLength;
    extraAt += extraLength;
    basePos += diffLength + steps[s + 2]!;
  }
  return out;
}
