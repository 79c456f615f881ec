/**
 * Chunking a stream: turns an async iterable of buffers into an async iterable of chunks
 * with their bytes. Only the current chunk's bytes are held (at most `max`, plus the input
 * buffer being cut), so memory stays bounded whatever the file size. Work happens only as
 * the consumer pulls, so the consumer's pace is the backpressure.
 */
import { createChunker } from './chunker.js';
/** Pieces of input not yet handed out as chunks (views of the input buffers, not copies). */
export class PendingBytes {
    #pieces = [];
    #length = 0;
    get length() {
        return this.#length;
    }
    append(piece) {
        if (piece.length === 0)
            return;
        this.#pieces.push(piece);
        this.#length += piece.length;
    }
    /** Drops everything pending. */
    clear() {
        this.#pieces = [];
        this.#length = 0;
    }
    /** Removes and returns the first n bytes, contiguous (a view when they lie in one piece). */
    take(n) {
        const first = this.#pieces[0];
        if (first.length >= n) {
            const out = first.subarray(0, n);
            if (first.length === n)
                this.#pieces.shift();
            else
                this.#pieces[0] = first.subarray(n);
            this.#length -= n;
            return out;
        }
        const out = new Uint8Array(n);
        let filled = 0;
        while (filled < n) {
            const piece = this.#pieces[0];
            const want = n - filled;
            if (piece.length <= want) {
                out.set(piece, filled);
                filled += piece.length;
                this.#pieces.shift();
            }
            else {
                out.set(piece.subarray(0, want), filled);
                this.#pieces[0] = piece.subarray(want);
                filled = n;
            }
        }
        this.#length -= n;
        return out;
    }
}
/** Chunks one file read from `source`. */
export async function* readChunks(source, options = {}) {
    const chunker = 'push' in options ? options : createChunker(options);
    const pending = new PendingBytes();
    let chunkStart = 0;
    function* emit(cuts) {
        for (const cut of cuts) {
            const length = cut.end - chunkStart;
            const bytes = pending.take(length);
            yield { offset: chunkStart, length, bytes };
            chunkStart = cut.end;
        }
    }
    try {
        for await (const buffer of source) {
            pending.append(buffer);
            yield* emit(chunker.push(buffer));
        }
        yield* emit(chunker.finish());
    }
    finally {
        chunker.reset();
    }
}
//# sourceMappingURL=stream.js.map