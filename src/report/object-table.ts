/** The tables of distinct objects the measuring engine keeps: ids by digest, lengths, stored lengths. */
import { DIGEST_PREFIX } from '../digest.js';

/** One distinct object table: a file table, or the chunks of one mode. */
export class ObjectTable {
  readonly ids = new Map<string, number>();
  readonly lengths: number[] = [];
  readonly stored: number[] = [];

  get size(): number {
    return this.lengths.length;
  }

  add(key: string, length: number, stored: number): number {
    const id = this.lengths.length;
    this.ids.set(key, id);
    this.lengths.push(length);
    this.stored.push(stored);
    return id;
  }
}

/** A growable list of 32-bit ids. */
export class IdList {
  #data = new Uint32Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Uint32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = value;
  }

  slice(start: number, count: number): Uint32Array {
    return this.#data.subarray(start, start + count);
  }
}

/** A table key: the raw 32-byte digest as a string. */
export const keyOf = (digest: Uint8Array): string => Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString('latin1');

/** The table key of a `sha256:…` digest. */
export const keyOfDigest = (digest: string): string => Buffer.from(digest.slice(DIGEST_PREFIX.length), 'hex').toString('latin1');
