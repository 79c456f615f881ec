import { type TreeEntry } from '../tar/index.js';
import { type InputFingerprint } from './files-cache.js';
import type { LayerPart } from './layer-parts.js';
/** The bytes `directoryLayerParts` reads from `dir`: its regular files' sizes, each inode once. */
export declare function directoryInputBytes(dir: string): Promise<number>;
/** A directory as read once: its tar entries in order (headers made from one walk) and its fingerprint. */
export interface DirectoryPlan {
    root: string;
    entries: {
        entry: TreeEntry;
        abs: string;
        header: Uint8Array;
    }[];
    fingerprint: InputFingerprint;
}
/**
 * Walks a directory once: every tar entry it will give, and the fingerprint the files cache
 * compares (files-cache.ts). Skipped things (sockets, xattrs without getfattr) go to `onWarning`.
 */
export declare function planDirectory(dir: string, options?: {
    onWarning?: (message: string) => void;
}): Promise<DirectoryPlan>;
/**
 * The deterministic tar of a directory tree, as layer parts, read as they are pulled (from
 * `plan` when given: the walk an ingest already made). Things skipped (sockets) and not kept
 * (xattrs without getfattr) are reported through `onWarning`; `onBytes` sees each file's bytes
 * as they are read.
 */
export declare function directoryLayerParts(dir: string, options?: {
    onWarning?: (message: string) => void;
    onBytes?: (bytes: number) => void;
    plan?: DirectoryPlan;
}): AsyncGenerator<LayerPart>;
