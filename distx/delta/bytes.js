/**
 * Byte-level encoding shared by the delta methods: unsigned LEB128 varints (at most 2^53 - 1,
 * the largest integer a JavaScript number holds exactly), zigzag for signed values, and a
 * reader that turns every overrun or malformed number into CorruptDataError.
 */
import { CorruptDataError } from '../errors.js';
/** Appends bytes and varints to a growing buffer. */
export class ByteWriter {
    #buf = new Uint8Array(256);
    #len = 0;
    get length() {
        return this.#len;
    }
    #reserve(extra) {
        if (this.#len + extra <= this.#buf.length)
            return;
        let size = this.#buf.length * 2;
        while (size < this.#len + extra)
            size *= 2;
        const next = new Uint8Array(size);
        next.set(this.#buf.subarray(0, this.#len));
        this.#buf = next;
    }
    byte(value) {
        this.#reserve(1);
        this.#buf[this.#len++] = value;
    }
    bytes(data) {
        this.#reserve(data.length);
        this.#buf.set(data, this.#len);
        this.#len += data.length;
    }
    /** Unsigned LEB128 of an integer in [0, 2^53). */
    varint(value) {
        if (!Number.isSafeInteger(value) || value < 0)
            throw new RangeError(`varint out of range: ${value}`);
        this.#reserve(8);
        while (value >= 0x80) {
            this.#buf[this.#len++] = (value % 0x80) | 0x80;
            value = Math.floor(value / 0x80);
        }
        this.#buf[this.#len++] = value;
    }
    /** Zigzag-mapped signed integer (0, -1, 1, -2, ... as 0, 1, 2, 3, ...). */
    signed(value) {
        this.varint(value < 0 ? -2 * value - 1 : 2 * value);
    }
    finish() {
        return this.#buf.slice(0, this.#len);
    }
}
/** Reads what ByteWriter writes; every problem is a CorruptDataError naming the offset. */
export class ByteReader {
    data;
    what;
    #at = 0;
    constructor(data, what = 'delta') {
        this.data = data;
        this.what = what;
    }
    get offset() {
        return this.#at;
    }
    get remaining() {
        return this.data.length - this.#at;
    }
    fail(message) {
        throw new CorruptDataError(`${this.what}: ${message}`, { offset: this.#at });
    }
    byte() {
        if (this.#at >= this.data.length)
            this.fail('truncated');
        return this.data[this.#at++];
    }
    bytes(length) {
        if (length > this.remaining)
            this.fail('truncated');
        const out = this.data.subarray(this.#at, this.#at + length);
        this.#at += length;
        return out;
    }
    /** A varint; rejects encodings longer than 8 bytes, values of 2^53 or more, and non-minimal forms. */
    varint() {
        let value = 0;
        let scale = 1;
        for (let i = 0; i < 8; i++) {
            const b = this.byte();
            value += (b & 0x7f) * scale;
            if ((b & 0x80) === 0) {
                if (b === 0 && i > 0)
                    this.fail('non-minimal varint');
                if (!Number.isSafeInteger(value))
                    this.fail('varint too large');
                return value;
            }
            scale *= 0x80;
        }
        return this.fail('varint too long');
    }
    signed() {
        const z = this.varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    }
    /** Fails unless every byte was read. */
    end() {
        if (this.#at !== this.data.length)
            this.fail(`${this.remaining} unexpected trailing bytes`);
    }
}
//# sourceMappingURL=bytes.js.map