import { type ChunkerIdentity, type ChunkerOptions, type ChunkerParams } from '../chunker/index.js';
import { type StoreLayout } from './layout.js';
export interface StoreFile {
    format: string;
    version: number;
    chunker: ChunkerIdentity;
    chunkerParams: Omit<ChunkerParams, 'seed'> & {
        seed: string;
    };
    created: string;
}
/** The store file, or undefined when there is none. */
export declare function readStoreFile(layout: StoreLayout): Promise<StoreFile | undefined>;
/**
 * The store-info record (kind 8) that starts every pack: the store file's facts as JSON with a
 * fixed key order and no whitespace, so that every pack of a store carries the same bytes.
 */
export declare function encodeStoreInfo(file: StoreFile): Buffer;
/** A store-info record's bytes as a store file. */
export declare function decodeStoreInfo(bytes: Uint8Array, where: string): StoreFile;
/** Writes the store file atomically (temporary file, rename, directory fsync). */
export declare function writeStoreFile(layout: StoreLayout, file: StoreFile): Promise<void>;
/**
 * What open finds: an existing store file (`existing`), none in a new or empty directory
 * (`new`), or none beside packs (`lost`: open restores it from the packs' store-info records).
 * `file` is the existing file, the new one (not yet written), or for `lost` a stand-in built
 * from the options, used only if the packs do not say.
 */
export interface PreparedStoreFile {
    state: 'existing' | 'new' | 'lost';
    file: StoreFile;
}
/** Reads the store file of the store at `layout`, refusing a chunker other than the store's. */
export declare function prepareStoreFile(layout: StoreLayout, exists: boolean, options: {
    chunker?: ChunkerOptions;
    create?: boolean;
}): Promise<PreparedStoreFile>;
/** Throws IncompatibleStoreError when chunker options were given and differ from the store's. */
export declare function refuseOtherChunker(dir: string, file: StoreFile, requested: ChunkerOptions | undefined): void;
/** The chunker parameters recorded in a store file. */
export declare function storeChunkerParams(file: StoreFile): ChunkerParams;
