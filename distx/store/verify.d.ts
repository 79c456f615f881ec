import type { StoreContext } from './context.js';
import { type ReachableSource } from './reachable.js';
import type { VerifyReport } from './types.js';
export interface VerifyOptions {
    deep?: boolean;
    signal?: AbortSignal;
}
/** Verifies a store (the caller has committed the open pack). */
export declare function verifyStore(ctx: StoreContext, source: ReachableSource, options?: VerifyOptions): Promise<VerifyReport>;
