/**
 * The rootfs module: an image's layers applied, in order, to a directory or to one flattened
 * tar — whiteouts, opaque directories, hard links, symlinks, modes, owners, times, xattrs,
 * device nodes and fifos — with umoci's rules and with every path confined to the target
 * (docs/rootfs.md). This file is the module's only door.
 */
export { exportRootfs, exportRootfsTar, type RootfsExportOptions, type RootfsExportResult, type RootfsProgressEvent, } from './export-rootfs.js';
export { RootfsTree, type TreeMirror, type TreeNode, type DirNode, type LeafNode, type Inode, type Metadata } from './tree.js';
export { applyEntry, WHITEOUT_PREFIX, type ApplyContext, type EntrySink } from './apply-entry.js';
export { cleanPath, displayPath, toByteString, byteStringBytes, type ByteString } from './byte-paths.js';
export { Warnings } from './warnings.js';
