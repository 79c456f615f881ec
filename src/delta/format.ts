/**
 * The delta container: a fixed 88-byte header, the method's payload, and a CRC-32 of
 * everything before it. Layout (integers little-endian; docs/delta.md is the reference):
 *
 *   0  4  magic 89 43 44 54 ("\x89CDT")
 *   4  1  format version, 1
 *   5  1  method: 1 sa, 2 zstd, 3 windowed
 *   6  2  reserved, zero
 *   8 32  sha256 of the base
 *  40 32  sha256 of the target
 *  72  8  base length
 *  80  8  target length
 *  88  …  payload
 * end-4 4 CRC-32 (zlib's polynomial) of bytes [0, end-4)
 *
 * The raw variant (version 2, docs/delta.md "Raw variant"), for a carrier that compresses many
 * deltas together and checks every byte itself (a bundle's delta section): no digests and no
 * checksum, only the lengths, and its method-1 streams stored uncompressed:
 *
 *   0  4  magic
 *   4  1  format version, 2
 *   5  1  method
 *   6  2  reserved, zero
 *   8  …  varint base length, varint target length, payload
 */
import { crc32 } from 'node:zlib';
import { CorruptDataError } from '../errors.js';
import { ByteReader, ByteWriter } from './bytes.js';

export const MAGIC = Uint8Array.of(0x89, 0x43, 0x44, 0x54);
export const FORMAT_VERSION = 1;
/** The raw variant: no digests, no checksum. */
export const RAW_FORMAT_VERSION = 2;
export const HEADER_BYTES = 88;
export const TRAILER_BYTES = 4;
/** The smallest possible delta: header and checksum around an empty payload. */
export const OVERHEAD_BYTES = HEADER_BYTES + TRAILER_BYTES;

export interface DeltaHeader {
  method: number;
  /** Absent in the raw variant. */
  baseSha256?: Uint8Array;
  targetSha256?: Uint8Array;
  baseLength: number;
  targetLength: number;
}

/** Wraps a payload in the header and checksum. */
export function writeDelta(header: DeltaHeader, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length + TRAILER_BYTES);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = FORMAT_VERSION;
  out[5] = header.method;
  out.set(header.baseSha256!, 8);
  out.set(header.targetSha256!, 40);
  view.setBigUint64(72, BigInt(header.baseLength), true);
  view.setBigUint64(80, BigInt(header.targetLength), true);
  out.set(payload, HEADER_BYTES);
  const end = HEADER_BYTES + payload.length;
  view.setUint32(end, crc32(out.subarray(0, end)), true);
  return out;
}

/** The raw variant of a delta: lengths and payload only (its carrier checks integrity). */
export function writeRawDelta(header: Pick<DeltaHeader, 'method' | 'baseLength' | 'targetLength'>, payload: Uint8Array): Uint8Array {
  const out = new ByteWriter();
  out.bytes(MAGIC);
  out.byte(RAW_FORMAT_VERSION);
  out.byte(header.method);
  out.byte(0);
  out.byte(0);
  out.varint(header.baseLength);
  out.varint(header.targetLength);
  out.bytes(payload);
  return out.finish();
}

function readRawDelta(delta: Uint8Array): { header: DeltaHeader; payload: Uint8Array } {
  if (delta[6] !== 0 || delta[7] !== 0) throw new CorruptDataError('delta reserved bytes are not zero', { offset: 6 });
  const input = new ByteReader(delta.subarray(8), 'raw delta header');
  const baseLength = input.varint();
  const targetLength = input.varint();
  return { header: { method: delta[5]!, baseLength, targetLength }, payload: delta.subarray(8 + input.offset) };
}

/**
 * Checks the checksum and the fixed fields; returns the header and the payload. The raw variant
 * (no digests, no checksum) is accepted only when `raw` is allowed. `crcChecked`: the caller
 * has checked these very bytes' checksum already (the store, which inspects a delta record
 * before it decodes it), so it is not computed again.
 */
export function readDelta(delta: Uint8Array, raw = false, crcChecked = false): { header: DeltaHeader; payload: Uint8Array } {
  if (delta.length >= 8 && MAGIC.every((b, i) => delta[i] === b) && delta[4] === RAW_FORMAT_VERSION) {
    if (!raw) throw new CorruptDataError('a raw delta (no digests, no checksum) outside a carrier that checks it', { offset: 4 });
    return readRawDelta(delta);
  }
  if (delta.length < OVERHEAD_BYTES) {
    throw new CorruptDataError(`delta truncated: ${delta.length} bytes, at least ${OVERHEAD_BYTES} needed`);
  }
  if (!MAGIC.every((b, i) => delta[i] === b)) throw new CorruptDataError('not a cairn delta (bad magic)', { offset: 0 });
  const view = new DataView(delta.buffer, delta.byteOffset, delta.byteLength);
  const end = delta.length - TRAILER_BYTES;
  if (!crcChecked && view.getUint32(end, true) !== crc32(delta.subarray(0, end))) {
    throw new CorruptDataError('delta checksum mismatch (truncated or damaged)', { offset: end });
  }
  if (delta[4] !== FORMAT_VERSION) throw new CorruptDataError(`unsupported delta format version ${delta[4]}`, { offset: 4 });
  if (delta[6] !== 0 || delta[7] !== 0) throw new CorruptDataError('delta reserved bytes are not zero', { offset: 6 });
  const baseLength = view.getBigUint64(72, true);
  const targetLength = view.getBigUint64(80, true);
  if (baseLength > BigInt(Number.MAX_SAFE_INTEGER) || targetLength > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CorruptDataError('delta length field out of range', { offset: 72 });
  }
  return {
    header: {
      method: delta[5]!,
      baseSha256: delta.subarray(8, 40),
      targetSha256: delta.subarray(40, 72),
      baseLength: Number(baseLength),
      targetLength: Number(targetLength),
    },
    payload: delta.subarray(HEADER_BYTES, end),
  };
}
