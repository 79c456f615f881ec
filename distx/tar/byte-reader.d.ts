/** Where tar bytes come from: a Node Readable, an async generator, or an array of buffers. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
/** Reads a ByteSource by exact amounts or by whatever is there; see the module comment. */
export declare class ByteReader {
    #private;
    constructor(source: ByteSource, signal?: AbortSignal);
    /** Offset in the stream of the next byte not yet taken. */
    get position(): number;
    /** Bytes pulled from the source and not yet taken. */
    get buffered(): number;
    /** Pulls until at least n bytes are buffered; false when the source ends first. */
    fill(n: number): Promise<boolean>;
    /** Removes and returns the next n buffered bytes (n ≤ buffered): a view when they lie in one buffer, else a copy. */
    take(n: number): Uint8Array;
    /**
     * Up to `max` bytes (at least one); undefined at the end of the source. A view of one
     * source buffer when that buffer holds at least COALESCE_BYTES (or `max`); small buffers
     * are gathered into one copy of up to COALESCE_BYTES, so that a source yielding tiny
     * pieces does not make every consumer downstream loop per byte. Only bytes within `max`
     * are waited for.
     */
    readSome(max: number): Promise<Uint8Array | undefined>;
    /** Discards up to n bytes; returns how many were discarded (fewer only at the end of the source). */
    skip(n: number): Promise<number>;
    /** Releases the source (its iterator's `return`), e.g. when the consumer stops early. */
    close(): Promise<void>;
}
