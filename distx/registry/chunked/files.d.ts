import type { FileRecipe } from '../../recipe/index.js';
import type { Store } from '../../store/index.js';
import type { RangeFetcher } from './fetcher.js';
import { type IndexedObject } from './format.js';
/** Chunks to fetch per window, by default. */
export declare const WINDOW_BYTES: number;
export interface FileToStore {
    /** 64 hex: the file's content digest */
    hex: string;
    recipe: FileRecipe;
}
export interface StoreFilesReport {
    files: number;
    chunks: number;
    chunkBytes: number;
}
export interface StoreFilesOptions {
    fetcher: RangeFetcher;
    packSizes: ReadonlyMap<string, number>;
    /** The index entry of a chunk (throws when the index lacks it). */
    entry: (digest: string) => IndexedObject;
    /** Store the sender's records and recipes as they are (the sender's chunker is the store's). */
    direct: boolean;
    windowBytes?: number;
}
/** Stores `files` (which the store lacks), fetching the chunks it lacks; see the module comment. */
export declare function storeFiles(store: Store, files: readonly FileToStore[], options: StoreFilesOptions): Promise<StoreFilesReport>;
