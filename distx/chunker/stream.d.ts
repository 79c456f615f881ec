/**
 * Chunking a stream: turns an async iterable of buffers into an async iterable of chunks
 * with their bytes. Only the current chunk's bytes are held (at most `max`, plus the input
 * buffer being cut), so memory stays bounded whatever the file size. Work happens only as
 * the consumer pulls, so the consumer's pace is the backpressure.
 */
import { type Chunker } from './chunker.js';
import type { ChunkerOptions, ChunkerParams } from './params.js';
/** A chunk of a file: `bytes` may be a view into an input buffer; copy it to keep it. */
export interface Chunk {
    readonly offset: number;
    readonly length: number;
    readonly bytes: Uint8Array;
}
/** Pieces of input not yet handed out as chunks (views of the input buffers, not copies). */
export declare class PendingBytes {
    #private;
    get length(): number;
    append(piece: Uint8Array): void;
    /** Drops everything pending. */
    clear(): void;
    /** Removes and returns the first n bytes, contiguous (a view when they lie in one piece). */
    take(n: number): Uint8Array;
}
/** Chunks one file read from `source`. */
export declare function readChunks(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options?: ChunkerOptions | ChunkerParams | Chunker): AsyncGenerator<Chunk>;
