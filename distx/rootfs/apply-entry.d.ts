import type { TarEntry, TarHeader } from '../tar/index.js';
import { type ByteString } from './byte-paths.js';
import { type Inode, type RootfsTree } from './tree.js';
import type { Warnings } from './warnings.js';
/** The prefix that marks a whiteout (OCI image-spec, "layer.md"). */
export declare const WHITEOUT_PREFIX = ".wh.";
/** The name of an opaque whiteout. */
export declare const OPAQUE_WHITEOUT = ".wh..wh..opq";
/** The xattr umoci --rootless records owners in (rootless-containers proto). */
export declare const ROOTLESS_XATTR = "user.rootlesscontainers";
/**
 * Attributes never set from a layer, as umoci's `ignoreXattrs`: host-specific labels and ACLs,
 * and the overlayfs bookkeeping that means nothing outside an overlay mount.
 */
export declare const IGNORED_XATTRS: ReadonlySet<string>;
/** Where file contents and other objects go: the directory on disk, or the flattened tar's index. */
export interface EntrySink {
    /** Writes a new regular file at `path` (which does not exist) from the entry's data. */
    writeFile(path: ByteString, inode: Inode, header: TarHeader, data: AsyncIterable<Uint8Array>): Promise<void>;
    symlink(path: ByteString, inode: Inode): void | Promise<void>;
    /** A device node or fifo. */
    special(path: ByteString, inode: Inode): void | Promise<void>;
}
export interface ApplyContext {
    tree: RootfsTree;
    sink: EntrySink;
    warnings: Warnings;
    /** Owners are not applied; umoci --rootless semantics for user.rootlesscontainers. */
    rootless: boolean;
    /** Number of the layer being applied (0 for the first). */
    layer: number;
}
/** Applies one entry; the caller drains nothing: `data` is read here when it matters. */
export declare function applyEntry(context: ApplyContext, entry: TarEntry): Promise<void>;
