import type { ByteString } from './byte-paths.js';
import type { Inode } from './tree.js';
/** A device node or fifo to make at `path` (absolute byte string). */
export interface SpecialNode {
    path: ByteString;
    inode: Inode;
}
/**
 * Makes the nodes with one shell run. Returns the devices that could not be made (to be
 * replaced by empty files); throws when a fifo could not be made.
 */
export declare function makeSpecialNodes(nodes: readonly SpecialNode[]): {
    failed: SpecialNode[];
    message: string;
};
