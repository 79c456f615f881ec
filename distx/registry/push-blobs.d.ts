import { Readable } from 'node:stream';
/** The bytes of a blob, streamed anew at each call. */
export type BlobBytes = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
/** What an upload opens: bytes [start, end) of the blob. */
export type RangeOpener = (start: number, end: number) => Readable;
/** Bytes [start, end) of a stream made anew (retries and PATCH chunks restart it; the bytes before `start` are made and dropped). */
export declare function streamOpener(bytes: BlobBytes, onBytes?: (n: number) => void): RangeOpener;
/** Bytes [start, end) of a file. */
export declare function fileOpener(path: string, onBytes?: (n: number) => void): RangeOpener;
/** Writes the stream into `path`; returns the digest and size of what was written (the file is removed on failure). */
export declare function spool(bytes: BlobBytes, path: string): Promise<{
    digest: string;
    size: number;
}>;
/** Runs `work` on the items, `limit` at a time, in order of start; the first failure stops new starts and is thrown once all running ones settle. */
export declare function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void>;
