import type { Store } from '../store/index.js';
import type { PackRecord } from './apply-plan.js';
import type { BundlePlan } from './format.js';
import type { Spool } from './spool.js';
/** The raw chunks of the sections (a file in the spool) and where each one is in it. */
export interface RawChunks {
    path: string;
    records: Map<string, PackRecord>;
}
export declare function unpackSections(store: Store, spool: Spool, plan: BundlePlan): Promise<RawChunks | undefined>;
