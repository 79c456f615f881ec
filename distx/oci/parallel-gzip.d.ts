import { Transform } from 'node:stream';
/** Bytes per block: pigz's default. */
export declare const GZIP_BLOCK: number;
export interface ParallelGzipOptions {
    /** zlib level. @default 6 */
    level?: number;
    /** Block size. @default GZIP_BLOCK */
    blockSize?: number;
    /** Blocks being compressed at once, at most. @default twice the cores */
    inFlight?: number;
}
/** A Transform that gzips what goes through it, compressing blocks in parallel (see the module comment). */
export declare function createParallelGzip(options?: ParallelGzipOptions): Transform;
