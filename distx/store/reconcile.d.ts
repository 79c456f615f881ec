import type { StoreContext } from './context.js';
export declare function reconcile(ctx: StoreContext): Promise<void>;
/** Deletes what an interrupted write or repair left in tmp/. */
export declare function cleanTmp(ctx: StoreContext): Promise<void>;
