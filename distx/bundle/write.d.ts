import { type Writable } from 'node:stream';
import type { Store } from '../store/index.js';
import type { Inventory } from './inventory.js';
import { type BundleProgress, type BundleReport } from './format.js';
export interface WriteBundleOptions {
    /** Images (names, digests or prefixes) the receiver already holds. */
    from?: readonly string[];
    /** The receiver's inventory (cairn inventory), instead of or besides `from`. */
    have?: Inventory;
    /** zstd level of chunks and deltas (default 19). */
    level?: number;
    /** Progress, for a bar: tar bytes of the new target layers planned so far, of their total. */
    onProgress?: (event: BundleProgress) => void;
    /** Try zip-aware deltas for zip and jar files (default true; false: plain deltas only, for comparison). */
    zipDeltas?: boolean;
    /** Pack and compress each layer's recipe parts against a base layer's (plan version 3; default true; false: parts as raw blobs, version 1 or 2). */
    packRecipes?: boolean;
    /**
     * With packed recipes: 5 (default), as 4 with the new chunks in chunk sections compressed
     * together against base files near them; 4, the layout tar compressed as zstd frames with
     * every delta in one section compressed together and the chunks in a pack, each compressed
     * alone; 3, a plain tar with a blob per delta.
     */
    format?: 3 | 4 | 5;
}
/** Writes a bundle of `targets` for a receiver holding `options.from` to `output`; returns what went in. */
export declare function writeBundle(store: Store, targets: readonly string[], options: WriteBundleOptions, output: Writable): Promise<BundleReport>;
