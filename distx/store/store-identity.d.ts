import { type ChunkerOptions } from '../chunker/index.js';
import type { StoreContext } from './context.js';
import { type PreparedStoreFile, type StoreFile } from './store-file.js';
/**
 * The store files the packs record, one per distinct chunker identity (normally one; none for a
 * store whose packs all predate the record). Index entries are one per distinct record content,
 * so this reads one record or a few. A record that does not read back intact is left out: it is
 * damage that verify and repair report, and it must not keep the store from opening.
 */
export declare function packStoreInfos(ctx: StoreContext): Promise<StoreFile[]>;
/**
 * The store file an open store uses, settled against the packs (call after reconcile): an
 * existing file must name the chunker the packs were cut with; a new store's file is written;
 * a lost one is restored from the packs (and `warn` says so), refusing requested chunker
 * options that differ. Throws IncompatibleStoreError on any mismatch.
 */
export declare function settleStoreFile(ctx: StoreContext, prepared: PreparedStoreFile, requested: ChunkerOptions | undefined, warn: (message: string) => void): Promise<StoreFile>;
/** repair: writes the store file back from the packs (or the open store's) when it is missing. */
export declare function restoreStoreFile(ctx: StoreContext, warn: (message: string) => void): Promise<void>;
