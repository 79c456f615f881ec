import type { Store } from '../store/index.js';
import { type TarHeader } from '../tar/index.js';
import { RootfsTree, type Metadata } from '../rootfs/index.js';
/** sha256 of no bytes: the content of every empty file. */
export declare const EMPTY_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
export interface VersionTree {
    tree: RootfsTree;
    /** The header that described each object (directories, inodes), by its metadata. */
    headers: WeakMap<Metadata, TarHeader>;
}
/**
 * Reads the merged tree of the image `manifest`. Sparse files are refused (BadInputError):
 * re-layering writes regular entries and keeps no sparse maps. `onlyLayer`: apply that layer
 * alone (the layer's own entries).
 */
export declare function readVersion(store: Store, manifest: string, signal?: AbortSignal, onlyLayer?: number): Promise<VersionTree>;
