import type { GlobalOptions } from './output.js';
export interface Progress {
    /** Bytes (or items) done so far, and the total when known. */
    update(done: number, total?: number): void;
    stop(): void;
}
export declare function mib(bytes: number): string;
/** One line of a byte bar (exported for its unit test): label, bar, percent, MiB done/total, MiB/s, ETA. */
export declare function byteLine(label: string, done: number, total: number | undefined, seconds: number): string;
/**
 * A bar on a terminal, nothing otherwise. `unit` 'bytes' gives the byte bar; any other unit
 * (e.g. 'packs') counts items.
 */
export declare function startProgress(options: GlobalOptions, label: string, total?: number, unit?: string): Progress;
/**
 * Progress from the library's byte events: `{ bytes }` increments, with `done` and `total` once
 * the library sends them (totals known up front); increments alone are summed.
 */
export declare function byteProgress(options: GlobalOptions, label: string): {
    progress: Progress;
    onBytes(event: {
        bytes: number;
        done?: number;
        total?: number;
    }): void;
    bytes(): number;
};
