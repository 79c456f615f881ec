import type { RepairReport, StoreOptions } from './types.js';
/** Opens the store at `dir` (which must exist), repairs it, closes it. */
export declare function repairStore(dir: string, options?: StoreOptions & {
    signal?: AbortSignal;
}): Promise<RepairReport>;
