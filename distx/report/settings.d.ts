import { type ChunkerOptions, type ChunkerParams, type ChunkingMode } from '../chunker/index.js';
import type { MeasureOptions } from './measure-types.js';
/** Options shared by `analyze` and `report`. */
export interface ReportOptions {
    /**
     * Chunking modes measured at chunk level. The file level (`file` mode) is always measured,
     * and so is the primary mode. @default ['aligned', 'fastcdc', 'fixed', 'file']
     */
    modes?: readonly ChunkingMode[];
    /** Upgrades to price besides consecutive tags of one repository. */
    upgrades?: readonly {
        from: string;
        to: string;
    }[];
    /** zstd level of stored chunks and of the whole-layer baseline. @default 3 */
    zstdLevel?: number;
    /** gzip level of the whole-layer baseline; null skips it (the slowest figure). @default 6 */
    gzipLevel?: number | null;
    /**
     * Worker threads that compress (chunks, whole layers, large files). gzip already takes a
     * thread of libuv's pool, so the default leaves one core for it.
     * @default min(2, cores), one fewer while gzip runs (at least 1)
     */
    threads?: number;
    /**
     * Price each upgrade by an upgrade bundle too (`bundleBytes`): the bundle `cairn bundle`
     * would write, sized without writing it (for `analyze`, from a temporary store). The slowest
     * figure where files changed: deltas at zstd level 19. @default true
     */
    bundles?: boolean;
    signal?: AbortSignal;
    /** Progress: tar bytes measured so far (for a progress bar; the library never prints). */
    onProgress?: (event: ReportProgressEvent) => void;
    /** Things skipped: a mode whose sizes do not fit it, a socket in a directory. */
    onWarning?: (message: string) => void;
}
export type ReportProgressEvent = {
    type: 'report:bytes';
    bytes: number;
} | {
    type: 'report:image';
    label: string;
}
/** An upgrade's bundle is being sized (after every image is measured). */
 | {
    type: 'report:bundle';
    from: string;
    to: string;
};
/** The measuring options for sizes `chunker` (whose mode is the primary mode). */
export declare function measureOptions(chunker: ChunkerOptions | ChunkerParams, options: ReportOptions): MeasureOptions;
