import type { SparseRegion } from '../tar/index.js';
import { type ByteString } from './byte-paths.js';
/** What an entry's header says about a file besides its content (umoci's `restoreMetadata`). */
export interface Metadata {
    /** Permission bits with setuid, setgid and sticky (header mode & 0o7777). */
    mode: number;
    uid: number;
    gid: number;
    /** Seconds since the epoch; may be fractional or negative. */
    mtime: number;
    /** The entry's atime, else its mtime. */
    atime: number;
    /** Extended attributes to set (forbidden ones already dropped). */
    xattrs: ReadonlyMap<string, Uint8Array>;
}
/** Where a regular file's content can be read again: the payload as the store keeps it. */
export interface FileContent {
    /** sha256 (hex) of the entry's data: the file recipe the store holds for this payload. */
    digest: string;
    /** Bytes of the entry's data. */
    payloadSize: number;
    /** For sparse files: where the data regions go, and where they start in the payload. */
    sparse?: {
        map: SparseRegion[];
        realSize: number;
        dataOffset: number;
    };
}
export type InodeKind = 'file' | 'symlink' | 'char' | 'block' | 'fifo';
/** One file system object that names (hard links) point to. */
export declare class Inode {
    readonly id: number;
    readonly kind: InodeKind;
    meta: Metadata;
    /** Size of a regular file's content (its real size when sparse). */
    size: number;
    /** Symlink target, verbatim. */
    target: ByteString;
    devmajor: number;
    devminor: number;
    content: FileContent | undefined;
    /** Whether the object exists on disk yet (device nodes and fifos are made at the end). */
    onDisk: boolean;
    /** Names that point to it. */
    links: number;
    constructor(id: number, kind: InodeKind, meta: Metadata);
}
export declare class DirNode {
    meta: Metadata;
    explicit: boolean;
    readonly kind = "dir";
    readonly children: Map<string, TreeNode>;
    /** Layer number of the last entry that created or passed through this name (-1: none). */
    touched: number;
    /** `explicit`: some entry described this directory; else it was made as a missing parent. */
    constructor(meta: Metadata, explicit: boolean);
}
export declare class LeafNode {
    readonly inode: Inode;
    readonly kind = "leaf";
    touched: number;
    constructor(inode: Inode);
}
export type TreeNode = DirNode | LeafNode;
/**
 * What the tree asks of the place it is mirrored to; paths are relative to the root, '' for
 * the root. A mirror may finish a change later (a promise), but must apply changes to the
 * same path in the order it was given them.
 */
export interface TreeMirror {
    mkdir(path: ByteString): void | Promise<void>;
    /** Removes a name and, for a directory, everything under it. */
    remove(path: ByteString, node: TreeNode): void | Promise<void>;
    /** Adds a name for an existing inode (found at `existing`). */
    link(existing: ByteString, path: ByteString, inode: Inode): void | Promise<void>;
}
/** A path resolved inside the root: real directory components only (the last may be anything or missing). */
export interface ResolvedPath {
    parts: ByteString[];
    /** The node at `parts`, or undefined when it does not exist. */
    node: TreeNode | undefined;
}
/** securejoin's bound on symlink expansions while resolving one path. */
export declare const MAX_SYMLINK_EXPANSIONS = 255;
/** Default metadata of the root and of directories made as missing parents: 0755, root-owned, epoch. */
export declare function implicitDirMetadata(): Metadata;
export declare class RootfsTree {
    #private;
    readonly mirror: TreeMirror;
    readonly root: DirNode;
    constructor(mirror: TreeMirror);
    newInode(kind: InodeKind, meta: Metadata): Inode;
    /**
     * Resolves `parts` as securejoin does (see the module comment). `entry` names the tar entry
     * for the error a symlink loop raises.
     */
    resolve(parts: readonly ByteString[], entry: string): ResolvedPath;
    /** The node at resolved components (no symlink is followed), or undefined. */
    nodeAt(parts: readonly ByteString[]): TreeNode | undefined;
    /**
     * Makes every missing directory of `parts` (resolved components), as umoci's `mkdirAll`
     * does: a non-directory in the way is removed and replaced by a directory. Calls
     * `onReplace` with the path of each one replaced.
     */
    ensureDir(parts: readonly ByteString[], onReplace: (path: ByteString) => void): Promise<DirNode>;
    /** Removes `name` from `dir` (recursively), on disk too; `path` is its full relative path. */
    removeChild(dir: DirNode, name: ByteString, path: ByteString): Promise<void>;
    /** Adds a new name `name` in `dir` for `inode`. */
    addLeaf(dir: DirNode, name: ByteString, inode: Inode): LeafNode;
    /** Marks the names along `parts` (resolved) as touched by `layer`. */
    touch(parts: readonly ByteString[], layer: number): void;
    /**
     * umoci's OCI whiteout: removes `name` in the directory at `dirParts`, or with `opaque`
     * everything in that directory, except what `layer` itself created or passed through —
     * into such directories it goes on, removing what lower layers left there.
     */
    whiteout(dirParts: readonly ByteString[], name: ByteString | undefined, layer: number): Promise<void>;
    /** Every name in the tree with its relative path, parents before children, the root first (path ''). */
    walk(): Generator<{
        path: ByteString;
        node: TreeNode;
    }>;
}
