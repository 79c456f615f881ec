// Builds deltas by hand, following docs/delta.md, independently of the encoder: the header
// fields, a bitwise CRC-32 and LEB128 varints.
import { createHash } from 'node:crypto';

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return out;
}

export const zigzag = (v: number): number => (v < 0 ? -2 * v - 1 : 2 * v);

/** A stream stored raw (coding 0). */
export function rawStream(bytes: ArrayLike<number>): number[] {
  return [...varint(bytes.length), 0, ...varint(bytes.length), ...Array.from(bytes)];
}

const sha = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** header + payload + CRC, with the given declared fields. */
export function craftDelta(
  method: number, base: Uint8Array, target: Uint8Array, payload: ArrayLike<number>,
  declaredTargetLength = target.length,
): Uint8Array {
  const head = new Uint8Array(88);
  head.set([0x89, 0x43, 0x44, 0x54, 1, method, 0, 0]);
  head.set(sha(base), 8);
  head.set(sha(target), 40);
  const view = new DataView(head.buffer);
  view.setBigUint64(72, BigInt(base.length), true);
  view.setBigUint64(80, BigInt(declaredTargetLength), true);
  return withCrc(Uint8Array.from([...head, ...Array.from(payload)]));
}

/** Appends the CRC-32 trailer. */
export function withCrc(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(body), true);
  return out;
}

/** Replaces the trailer of a complete delta with a correct CRC of its (modified) body. */
export function recrc(delta: Uint8Array): Uint8Array {
  return withCrc(delta.subarray(0, delta.length - 4));
}
