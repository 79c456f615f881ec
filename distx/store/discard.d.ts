import type { StoreContext } from './context.js';
/** Packs a failed write deleted before the index could drop them (one id per line); see discardPacks. */
export declare const DISCARDED_FILE = "discarded-packs";
/** Deletes those of `ids` that hold nothing live (`live`: object keys reachable from names). Returns the ids deleted. */
export declare function discardPacks(ctx: StoreContext, ids: readonly string[], live: Set<string>): Promise<string[]>;
