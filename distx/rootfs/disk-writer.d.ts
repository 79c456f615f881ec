import type { StoredChunk } from '../store/index.js';
import type { TarHeader } from '../tar/index.js';
import type { ByteString } from './byte-paths.js';
import type { EntrySink } from './apply-entry.js';
import type { FeedSink, RecipeFeed } from './recipe-feed.js';
import type { Inode, RootfsTree, TreeMirror, TreeNode } from './tree.js';
import type { Warnings } from './warnings.js';
export interface DiskWriterOptions {
    rootless: boolean;
    warnings: Warnings;
    /**
     * Whether the target directory has the setgid bit (files made in it then take its group,
     * so every owner must be set explicitly).
     */
    rootSetgid?: boolean;
    /** Write on this thread instead of a worker thread. @default true on a machine with one core */
    inline?: boolean;
}
export declare class DiskWriter implements TreeMirror, EntrySink, FeedSink {
    #private;
    /**
     * The layer being read through a RecipeFeed: a regular file's data then goes from the
     * store to the writer's thread as stored chunks (recipe-feed.ts), not through this thread.
     */
    feed: RecipeFeed | undefined;
    constructor(root: string, options: DiskWriterOptions);
    /** Sends what is queued and waits until the worker has written all of it; throws its failure. */
    settle(): Promise<void>;
    /**
     * Stops the worker (after a failure too): it closes the descriptors it still holds and runs
     * nothing more; nothing is written after this resolves.
     */
    close(): Promise<void>;
    mkdir(path: ByteString): void | Promise<void>;
    remove(path: ByteString, node: TreeNode): void | Promise<void>;
    link(existing: ByteString, path: ByteString, inode: Inode): void | Promise<void>;
    writeFile(path: ByteString, inode: Inode, header: TarHeader, data: AsyncIterable<Uint8Array>): Promise<void>;
    hash(bytes: Uint8Array): void | Promise<void>;
    chunk(file: number | undefined, position: number, chunk: StoredChunk): void | Promise<void>;
    endLayer(diffId: string, length: number): void | Promise<void>;
    symlink(path: ByteString, inode: Inode): void | Promise<void>;
    special(): void;
    /** Waits for the worker, then finishes the tree on this thread (tree-finish.ts). */
    finish(tree: RootfsTree): Promise<void>;
}
