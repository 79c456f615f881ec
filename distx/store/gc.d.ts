import type { StoreContext } from './context.js';
import type { GcReport } from './types.js';
import type { WriteSession } from './write-path.js';
/** Collects garbage; `live` is the set of reachable object keys (the caller has committed). */
export declare function collectGarbage(ctx: StoreContext, session: WriteSession, live: Set<string>, options?: {
    signal?: AbortSignal;
}): Promise<GcReport>;
