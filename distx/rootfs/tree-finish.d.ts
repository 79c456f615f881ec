import { type ByteString } from './byte-paths.js';
import type { RootfsTree } from './tree.js';
import type { Warnings } from './warnings.js';
export interface FinishOptions {
    /** The target directory's absolute path, as a byte string. */
    root: ByteString;
    rootless: boolean;
    warnings: Warnings;
}
/** Device nodes and fifos, extended attributes, directory metadata (deepest first): once everything else is on disk. */
export declare function finishTree(tree: RootfsTree, options: FinishOptions): void;
