/**
 * The building blocks of the recipe encodings: unsigned LEB128 varints (up to 2^53 - 1, at
 * most 8 bytes, least significant group first) and fixed-length byte runs. VarintWriter
 * appends them to a growing buffer; VarintReader is a cursor over one encoded record whose
 * every read is bounds-checked and fails with CorruptDataError (never RangeError), naming
 * the record.
 */
import { CorruptDataError } from '../errors.js';

/** A writer's first buffer: small enough to come from node's buffer pool (most records, a file's recipe, are tens of bytes). */
const FIRST_BYTES = 256;
/** Later buffers, at least. */
const NEXT_BYTES = 4096;

export class VarintWriter {
  #chunks: Buffer[] = [];
  #current = Buffer.allocUnsafe(FIRST_BYTES);
  #at = 0;

  #room(n: number): void {
    if (this.#at + n <= this.#current.length) return;
    this.#chunks.push(this.#current.subarray(0, this.#at));
    this.#current = Buffer.allocUnsafe(Math.max(NEXT_BYTES, n));
    this.#at = 0;
  }

  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
    this.#room(8);
    let v = value;
    while (v >= 0x80) {
      this.#current[this.#at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#current[this.#at++] = v;
  }

  bytes(data: Uint8Array): void {
    this.#room(data.length);
    this.#current.set(data, this.#at);
    this.#at += data.length;
  }

  finish(): Buffer {
    return Buffer.concat([...this.#chunks, this.#current.subarray(0, this.#at)]);
  }
}

export class VarintReader {
  #data: Uint8Array;
  #at = 0;
  readonly #what: string;

  constructor(data: Uint8Array, what: string) {
    this.#data = data;
    this.#what = what;
  }

  get done(): boolean {
    return this.#at >= this.#data.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.#at >= this.#data.length) throw new CorruptDataError(`${this.#what}: truncated`);
      const byte = this.#data[this.#at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (!Number.isSafeInteger(value)) break;
        return value;
      }
      scale *= 0x80;
    }
    throw new CorruptDataError(`${this.#what}: bad varint`);
  }

  bytes(n: number): Uint8Array {
    if (n < 0 || this.#at + n > this.#data.length) throw new CorruptDataError(`${this.#what}: truncated`);
    const out = this.#data.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  expectMagic(magic: Buffer): void {
    const got = this.bytes(magic.length);
    if (!magic.equals(got)) throw new CorruptDataError(`${this.#what}: bad magic`);
  }
}
