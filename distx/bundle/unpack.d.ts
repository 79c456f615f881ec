import type { Store } from '../store/index.js';
import type { BundlePlan } from './format.js';
import type { Spool } from './spool.js';
export declare function unpackLayers(store: Store, spool: Spool, plan: BundlePlan): Promise<void>;
