/**
 * Method 3, "windowed": for files too large to index whole. The target is cut into windows
 * of a fixed size; each is encoded, by whichever inner method (sa or zstd) is smaller, against
 * at most two windows of base centred on the same relative position. Memory is bounded by one
 * window's work instead of the whole file's.
 *
 * Payload: varint windowCount, then per window
 *   varint targetLength (at least 1), varint baseOffset, varint baseLength,
 *   byte method (1 sa or 2 zstd), varint payloadLength, payload.
 */
import { ByteReader, ByteWriter } from './bytes.js';
import { decodeSa, encodeSa, saDiffCodingOf, type DiffCoding } from './method-sa.js';
import { decodeZstd, encodeZstd } from './method-zstd.js';

export const METHOD_SA = 1;
export const METHOD_ZSTD = 2;
export const METHOD_WINDOWED = 3;

export interface WindowedOptions {
  level: number;
  windowBytes: number;
  /** Inner methods to try, by id. */
  inner: readonly number[];
  /** When set, zstd is tried after sa only if this says it is worth it (codec.ts's rule). */
  worth?: ((baseLength: number, targetLength: number, saBytes: number) => boolean) | undefined;
  /** How sa windows code their diff streams (method-sa's StreamOptions). */
  diffCoding?: DiffCoding | undefined;
}

/**
 * The base slice [start, end) that a target window [from, to) is encoded against: at most two
 * windows of base, centred on the window's relative position in the target.
 */
export function baseSlice(baseLength: number, targetLength: number, from: number, to: number, windowBytes: number): [number, number] {
  const centre = targetLength === 0 ? 0 : Math.floor(((from + to) / 2) * (baseLength / targetLength));
  const start = Math.max(0, Math.min(baseLength - 2 * windowBytes, centre - windowBytes));
  const end = Math.min(baseLength, start + 2 * windowBytes);
  return [start, end];
}

/** Encodes each window with every inner method asked for and keeps the smallest. */
export function encodeWindowed(base: Uint8Array, target: Uint8Array, options: WindowedOptions): Uint8Array {
  const out = new ByteWriter();
  const count = Math.ceil(target.length / options.windowBytes);
  out.varint(count);
  for (let w = 0; w < count; w++) {
    const from = w * options.windowBytes;
    const to = Math.min(target.length, from + options.windowBytes);
    const [start, end] = baseSlice(base.length, target.length, from, to, options.windowBytes);
    const slice = base.subarray(start, end);
    const piece = target.subarray(from, to);
    let best: { method: number; payload: Uint8Array } | undefined;
    for (const method of options.inner) {
      if (options.worth && method === METHOD_ZSTD && best?.method === METHOD_SA && !options.worth(slice.length, piece.length, best.payload.length)) continue;
      const payload = method === METHOD_SA
        ? encodeSa(slice, piece, { level: options.level, diffCoding: options.diffCoding })
        : encodeZstd(slice, piece, options.level);
      if (!best || payload.length < best.payload.length) best = { method, payload };
    }
    if (!best) throw new RangeError('windowed delta: no inner method');
    out.varint(piece.length);
    out.varint(start);
    out.varint(end - start);
    out.byte(best.method);
    out.varint(best.payload.length);
    out.bytes(best.payload);
  }
  return out.finish();
}

/** How many sa windows of a windowed payload code their diff stream each way (the framing read, nothing decoded). */
export function windowDiffCodings(payload: Uint8Array): { split: number; modelled: number } {
  const input = new ByteReader(payload, 'delta (windowed)');
  const counts = { split: 0, modelled: 0 };
  for (let w = input.varint(); w > 0; w--) {
    input.varint();
    input.varint();
    input.varint();
    const method = input.byte();
    const inner = input.bytes(input.varint());
    if (method === METHOD_SA) counts[saDiffCodingOf(inner)]++;
  }
  input.end();
  return counts;
}

export function decodeWindowed(base: Uint8Array, payload: Uint8Array, targetLength: number): Uint8Array {
  const input = new ByteReader(payload, 'delta (windowed)');
  const count = input.varint();
  if (count > targetLength) input.fail(`${count} windows for ${targetLength} bytes`);
  const out = new Uint8Array(targetLength);
  let at = 0;
  for (let w = 0; w < count; w++) {
    const length = input.varint();
    if (length === 0 || length > targetLength - at) input.fail('window length out of range');
    const start = input.varint();
    const size = input.varint();
    if (start > base.length || size > base.length - start) input.fail('window base slice outside the base');
    const method = input.byte();
    const inner = input.bytes(input.varint());
    const slice = base.subarray(start, start + size);
    if (method === METHOD_SA) out.set(decodeSa(slice, inner, length), at);
    else if (method === METHOD_ZSTD) out.set(decodeZstd(slice, inner, length), at);
    else input.fail(`unknown window method ${method}`);
    at += length;
  }
  input.end();
  if (at !== targetLength) input.fail(`windows rebuild ${at} bytes, expected ${targetLength}`);
  return out;
}
