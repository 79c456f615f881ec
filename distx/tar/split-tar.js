import { scanTar } from './scan-tar.js';
/** The largest framing part. */
export const MAX_FRAMING_PART_BYTES = 1 << 20;
/** Gathers framing bytes into parts of at most MAX_FRAMING_PART_BYTES. */
class FramingParts {
    #pieces = [];
    #length = 0;
    /** Adds bytes; returns the parts that became full. */
    add(bytes) {
        const full = [];
        let rest = bytes;
        while (rest.length > 0) {
            const count = Math.min(rest.length, MAX_FRAMING_PART_BYTES - this.#length);
            this.#pieces.push(rest.subarray(0, count));
            this.#length += count;
            rest = rest.subarray(count);
            if (this.#length === MAX_FRAMING_PART_BYTES)
                full.push(this.#take());
        }
        return full;
    }
    /** The pending bytes as one part, if there are any. */
    flush() {
        return this.#length > 0 ? [this.#take()] : [];
    }
    #take() {
        const out = new Uint8Array(this.#length);
        let at = 0;
        for (const piece of this.#pieces) {
            out.set(piece, at);
            at += piece.length;
        }
        this.#pieces = [];
        this.#length = 0;
        return out;
    }
}
/**
 * Splits a tar stream into framing and payload parts (see the module comment). The stream is
 * read as the parts are pulled; memory stays bounded by the framing part size and
 * `maxExtensionBytes`, whatever the sizes the archive claims.
 *
 * Throws BadInputError (code CAIRN_BAD_INPUT, with the offset) for input that is not a
 * well-formed tar: an empty stream, a bad header checksum, truncation inside a header,
 * extension data or file data, malformed numbers or PAX records, sizes out of range,
 * extension data beyond `maxExtensionBytes`. AbortedError when `signal` fires.
 */
export async function* splitTar(source, options = {}) {
    const framing = new FramingParts();
    for await (const event of scanTar(source, options)) {
        if (event.kind === 'framing') {
            for (const bytes of framing.add(event.bytes))
                yield { kind: 'framing', bytes };
        }
        else if (event.kind === 'entry') {
            if (event.payload) {
                for (const bytes of framing.flush())
                    yield { kind: 'framing', bytes };
                yield { kind: 'payload', header: event.header, length: event.header.size, data: event.data };
            }
            else {
                for await (const piece of event.data) {
                    for (const bytes of framing.add(piece))
                        yield { kind: 'framing', bytes };
                }
            }
        }
    }
    for (const bytes of framing.flush())
        yield { kind: 'framing', bytes };
}
//# sourceMappingURL=split-tar.js.map