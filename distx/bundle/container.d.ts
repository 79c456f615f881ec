import type { ByteSource } from '../tar/byte-reader.js';
import { type TarEvent } from '../tar/scan-tar.js';
/** The first bytes of a zstd frame (RFC 8878): a format 4 bundle starts with them, a tar never does. */
export declare const ZSTD_MAGIC: Uint8Array<ArrayBuffer>;
/** The largest window a reader accepts (128 MiB): bounds its memory whatever the bundle says. */
export declare const MAX_WINDOW_LOG = 27;
/**
 * The tar events of a bundle: a plain tar (formats 1-3) or zstd frames whose content is the
 * tar (format 4), told apart by the zstd magic. Memory: one decompression window at most
 * (2^27 bytes), whatever a frame declares.
 */
export declare function bundleEntries(source: ByteSource): AsyncGenerator<TarEvent>;
export interface FrameSettings {
    level: number;
    /** log2 of the window, with long-distance matching; default: the level's own. */
    windowLog?: number;
    /** The frame's content size, written in its header (zstd refuses a stream of another length). */
    size?: number;
}
/** One zstd frame of `chunks` (streamed: memory is zstd's window and tables, not the content). */
export declare function zstdFrame(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, settings: FrameSettings): AsyncGenerator<Uint8Array>;
