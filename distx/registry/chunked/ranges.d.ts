/** [start, end): end exclusive. */
export interface ByteRange {
    start: number;
    end: number;
}
/** Bytes of a blob as an answer carried them. */
export interface RangePart {
    start: number;
    bytes: Buffer;
}
/** Sorted, overlapping and touching ranges merged, and ranges at most `gap` bytes apart merged too. */
export declare function coalesce(ranges: readonly ByteRange[], gap: number): ByteRange[];
/** `bytes=a-b,c-d` (inclusive ends, as HTTP writes them). */
export declare function rangeHeader(ranges: readonly ByteRange[]): string;
/** `bytes a-b/size` → start, end (exclusive), size (undefined for `*`). */
export declare function parseContentRange(value: string | undefined): {
    start: number;
    end: number;
    size?: number;
};
/** The boundary of a `multipart/byteranges` content type, or undefined for any other type. */
export declare function byterangesBoundary(contentType: string | undefined): string | undefined;
/**
 * The parts of a multipart/byteranges body. Each part's length comes from its Content-Range,
 * so the boundary may occur in the data; anything malformed is a CorruptDataError.
 */
export declare function parseByteranges(body: Buffer, boundary: string): RangePart[];
/** `length` bytes at `start` of a blob, from whichever part holds them all; undefined if none does. */
export declare function sliceOf(parts: readonly RangePart[], start: number, length: number): Buffer | undefined;
