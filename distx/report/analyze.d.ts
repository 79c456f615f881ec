import type { ChunkerOptions } from '../chunker/index.js';
import { type ReportOptions } from './settings.js';
import type { Report } from './types.js';
export interface AnalyzeOptions extends ReportOptions {
    /**
     * Chunker sizes for every mode; `mode` is the primary mode (sharing, upgrades, histogram).
     * @default aligned, min 16 KiB, avg 64 KiB, max 256 KiB, align 4 KiB
     */
    chunker?: ChunkerOptions;
    /** Name for an image made from a directory or a lone layer tar (one input only). */
    name?: string;
}
/** Measures every image the paths hold; no store is opened. */
export declare function analyze(paths: readonly string[], options?: AnalyzeOptions): Promise<Report>;
