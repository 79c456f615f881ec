import type { Store } from '../store/index.js';
import { type BundlePlan } from './format.js';
import type { Spool } from './spool.js';
/** Where a chunk's bytes start in the pack (or raw chunk sections), the chunk's length and theirs, and whether they are a zstd frame (a chunk pack's) or the chunk itself (a section's). */
export interface PackRecord {
    at: number;
    raw: number;
    stored: number;
    zstd: boolean;
}
export declare function readPlan(spool: Spool): Promise<BundlePlan>;
/** The chunk pack's records by digest: where each one's frame starts, and its lengths. */
export declare function indexPack(path: string): Promise<Map<string, PackRecord>>;
/** Refuses a bundle the store cannot complete: a base layer, file or chunk it lacks. */
export declare function checkFit(store: Store, spool: Spool, plan: BundlePlan, pack: Map<string, unknown>): Promise<void>;
