import { type TarHeader } from '../tar/index.js';
import type { EntrySink } from './apply-entry.js';
import { type ByteString } from './byte-paths.js';
import { type Inode, type RootfsTree, type TreeMirror } from './tree.js';
import type { Warnings } from './warnings.js';
/** Reading a file's content back: the store's `readFile`. */
export interface ContentSource {
    readFile(digest: string): AsyncIterable<Uint8Array>;
}
/** The tree's mirror and sink for `--tar`: nothing on disk, a payload digest per file. */
export declare class ContentIndex implements TreeMirror, EntrySink {
    mkdir(): void;
    remove(): void;
    link(): void;
    symlink(): void;
    special(): void;
    writeFile(_path: ByteString, inode: Inode, header: TarHeader, data: AsyncIterable<Uint8Array>): Promise<void>;
}
/**
 * Writes the tree as a tar at `file` (through a temporary file renamed into place). Returns
 * the bytes written.
 */
export declare function writeFlatTar(tree: RootfsTree, source: ContentSource, file: string, warnings: Warnings): Promise<number>;
