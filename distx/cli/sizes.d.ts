export declare function parseSize(text: string, parameter: string): number;
export declare function parseInteger(text: string, parameter: string): number;
export { formatBytes } from '../report/format.js';
/** --zstd-level: a whole number from -7 (fastest) to 22 (smallest), as zstd takes it. */
export declare function parseZstdLevel(text: string): number;
export declare const PACK_SIZE_MIN: number;
export declare const PACK_SIZE_MAX: number;
/** --pack-size: 1M to 1G (smaller packs only multiply files; larger ones are slow to check and copy). */
export declare function parsePackSize(text: string): number;
