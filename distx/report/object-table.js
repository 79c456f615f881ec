/** The tables of distinct objects the measuring engine keeps: ids by digest, lengths, stored lengths. */
import { DIGEST_PREFIX } from '../digest.js';
/** One distinct object table: a file table, or the chunks of one mode. */
export class ObjectTable {
    ids = new Map();
    lengths = [];
    stored = [];
    get size() {
        return this.lengths.length;
    }
    add(key, length, stored) {
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
    get length() {
        return this.#length;
    }
    push(value) {
        if (this.#length === this.#data.length) {
            const grown = new Uint32Array(this.#data.length * 2);
            grown.set(this.#data);
            this.#data = grown;
        }
        this.#data[this.#length++] = value;
    }
    slice(start, count) {
        return this.#data.subarray(start, start + count);
    }
}
/** A table key: the raw 32-byte digest as a string. */
export const keyOf = (digest) => Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString('latin1');
/** The table key of a `sha256:…` digest. */
export const keyOfDigest = (digest) => Buffer.from(digest.slice(DIGEST_PREFIX.length), 'hex').toString('latin1');
//# sourceMappingURL=object-table.js.map