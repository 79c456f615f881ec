import type { ProgressEvent, Store, StoreOptions } from '../store/index.js';
import type { GlobalOptions } from './output.js';
export declare function storeDir(options: GlobalOptions): string;
/** The store directory, which must hold a store (exit 2 otherwise). */
export declare function existingStoreDir(options: GlobalOptions): string;
/**
 * Runs `work` with the store open, and closes it whatever happens. Only `create: true` (ingest)
 * makes a store; every other command on a directory without one is refused (exit 2).
 */
export declare function withStore<T>(options: GlobalOptions, work: (store: Store) => Promise<T>, extra?: StoreOptions, onProgress?: (e: ProgressEvent) => void): Promise<T>;
