/**
 * What the store's modules share: the open store's layout, index, store file, options and pack
 * files. Modules take this (and each other's small interfaces), never the Store class, so that
 * nothing imports store.ts.
 */
import type { IndexDb } from './index-db.js';
import type { StoreLayout } from './layout.js';
import type { PackFiles } from './pack-files.js';
import type { StoreFile } from './store-file.js';
import type { ResolvedStoreOptions } from './types.js';
export interface StoreContext {
    readonly layout: StoreLayout;
    /** Replaced by repair when it swaps in a rebuilt index. */
    db: IndexDb;
    /** Settled once at open (store-identity.ts), before anything is written. */
    file: StoreFile;
    readonly options: ResolvedStoreOptions;
    readonly packs: PackFiles;
    /** The highest pack sequence indexed or handed to a pack writer. */
    sequence: number;
    /** Throws StoreClosedError once the store is closed. */
    check(): void;
}
