import type { Store } from '../store/index.js';
import type { Inventory } from './inventory.js';
import { type PathedFile } from './layer-files.js';
/** Files of the base images, indexed for the delta base rules (same path, base name, stem). */
export declare class BaseCatalog {
    #private;
    readonly files: Set<string>;
    readonly chunks: Set<string>;
    readonly layers: Set<string>;
    /** The regular files of each base layer this store holds, in tar order (dictionaries of chunk sections). */
    readonly held: {
        diffId: string;
        files: PathedFile[];
    }[];
    addLayer(store: Store, diffId: string): Promise<void>;
    /** Indexes one file of a base image by path and name; false when its content was already held. */
    indexFile(file: PathedFile): boolean;
    /**
     * The receiver's inventory: the layers it holds that this store holds too are read for paths
     * (delta bases); its files count as held whatever their path.
     */
    addInventory(store: Store, inventory: Inventory, chunker: string): Promise<void>;
    /**
     * A base for a file the receiver lacks: same path, then same base name, then same stem within
     * 10x in size, then the same name with its version numbers removed (versionlessName) within
     * 10x in size, the closest in size first.
     */
    baseFor(path: string, size: number): PathedFile | undefined;
}
/** A name up to its first dot (not counting a leading one). */
export declare function stemOf(name: string): string;
/**
 * A name with each version-like run (digits, and dot-separated digit groups) replaced by `#`:
 * `guava-31.1.jar` and `guava-32.0.1.jar` → `guava-#.jar`, `libfoo.so.1.2.3` → `libfoo.so.#`.
 */
export declare function versionlessName(name: string): string;
