/**
 * The data of one tar entry as an async iterable that reads straight from the stream: its
 * pieces are views of the source's buffers, handed out as the consumer pulls. It can be
 * iterated once. When the reader moves on to the next header it calls `finish`, which skips
 * whatever the consumer left unread; reading on after that is a programming error, reported
 * rather than handing out a silently shortened stream.
 */
import { BadInputError } from '../errors.js';
export class EntryData {
    #reader;
    #name;
    #length;
    #remaining;
    #started = false;
    /** Bytes the reader skipped because the consumer had not read them: reading on would lose them. */
    #skipped = 0;
    constructor(reader, length, name) {
        this.#reader = reader;
        this.#length = length;
        this.#remaining = length;
        this.#name = name;
    }
    [Symbol.asyncIterator]() {
        if (this.#started)
            throw new TypeError(`the data of tar entry ${JSON.stringify(this.#name)} can be read only once`);
        this.#started = true;
        return this.#iterate();
    }
    async *#iterate() {
        for (;;) {
            if (this.#skipped > 0) {
                throw new Error(`the data of tar entry ${JSON.stringify(this.#name)} was read after the tar reader moved past it (${this.#skipped} bytes skipped)`);
            }
            if (this.#remaining === 0)
                return;
            const piece = await this.#reader.readSome(this.#remaining);
            if (piece === undefined)
                throw this.#truncated();
            this.#remaining -= piece.length;
            yield piece;
        }
    }
    /** Skips what is left unread; throws BadInputError if the stream ends first. */
    async finish() {
        if (this.#remaining === 0)
            return;
        this.#skipped = this.#remaining;
        const skipped = await this.#reader.skip(this.#remaining);
        this.#remaining -= skipped;
        if (this.#remaining > 0)
            throw this.#truncated();
    }
    #truncated() {
        const offset = this.#reader.position;
        return new BadInputError(`truncated archive: the data of ${JSON.stringify(this.#name)} ends at offset ${offset}, ${this.#remaining} of its ${this.#length} bytes missing`, { offset });
    }
}
//# sourceMappingURL=entry-data.js.map