import { Store } from './store.js';
import type { StoreOptions } from './types.js';
/**
 * Opens a store (creating it when the directory has none). Only one process may have a store
 * open: a second one gets StoreLockedError (the index's LevelDB lock, released on exit).
 */
export declare function openStore(dir: string, options?: StoreOptions): Promise<Store>;
