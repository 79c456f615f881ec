/**
 * The rootfs module: an image's layers applied, in order, to a directory or to one flattened
 * tar — whiteouts, opaque directories, hard links, symlinks, modes, owners, times, xattrs,
 * device nodes and fifos — with umoci's rules and with every path confined to the target
 * (docs/rootfs.md). This file is the module's only door.
 */
export { exportRootfs, exportRootfsTar, } from './export-rootfs.js';
// The in-memory tree and the entry rules, for modules that merge layers without writing a
// file system (the relayer reads each version's merged tree through these).
export { RootfsTree } from './tree.js';
export { applyEntry, WHITEOUT_PREFIX } from './apply-entry.js';
export { cleanPath, displayPath, toByteString, byteStringBytes } from './byte-paths.js';
export { Warnings } from './warnings.js';
//# sourceMappingURL=index.js.map