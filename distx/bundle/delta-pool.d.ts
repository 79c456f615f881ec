import type { FileDelta } from './file-delta.js';
/** Base plus target bytes of the jobs in flight, beyond which no further job starts. */
export declare const DELTA_POOL_BUDGET: number;
export declare class DeltaPool {
    #private;
    /** `raw`: also the sa delta's raw variant (fileDelta's `raw`). */
    constructor(level: number, zip: boolean, raw?: boolean, threads?: number);
    /** Queues the delta of one file against a base; `load` reads (base, target) when the job starts. */
    schedule(target: string, base: string, cost: number, load: () => Promise<[Uint8Array, Uint8Array]>): void;
    /** The scheduled delta of `target` against `base` (undefined when it was not scheduled). */
    take(target: string, base: string): Promise<FileDelta> | undefined;
    /** Stops the workers; deltas not yet done reject. Idempotent. */
    close(): Promise<void>;
}
