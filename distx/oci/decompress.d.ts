export type Compression = 'none' | 'gzip' | 'zstd';
export declare function detectCompression(head: Uint8Array): Compression | 'bzip2' | 'xz';
/** Reads the first `n` bytes (fewer at the end of the stream) and gives back the whole stream. */
export declare function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{
    head: Uint8Array;
    stream: AsyncGenerator<Uint8Array>;
}>;
/** The uncompressed bytes of a possibly compressed stream, and which compression it had. */
export declare function decompressed(source: AsyncIterable<Uint8Array>, what: string): Promise<{
    compression: Compression;
    stream: AsyncIterable<Uint8Array>;
}>;
