/**
 * The tar module: raw tar framing kept verbatim, for layer recipes and byte-exact rebuilds.
 * `splitTar` cuts a layer tar into framing (headers, extension blocks, padding, the end of
 * the archive and whatever follows it) and payloads (regular files' data); concatenating
 * them in order gives back the tar. `readEntries` reads the same streams entry by entry. The
 * tree writer makes the deterministic tar of a directory. This file is the module's only
 * door.
 */
export { splitTar, MAX_FRAMING_PART_BYTES, type TarPart, type SplitTarOptions } from './split-tar.js';
export { readEntries, type TarEntry, type ReadEntriesOptions } from './read-entries.js';
export { DEFAULT_MAX_EXTENSION_BYTES } from './scan-tar.js';
export type { TarHeader, TarFormat } from './tar-header.js';
export type { ByteSource } from './byte-reader.js';
export {
  readSparseMapFromData, DEFAULT_MAX_SPARSE_MAP_BYTES,
  type SparseInfo, type SparseRegion, type SparseMapInData,
} from './sparse-map.js';
export {
  encodeEntryHeader, encodeHeaderBlocks, paddingAfter, compareTreePaths, END_OF_ARCHIVE, PAX_HEADER_NAME,
  type TreeEntry, type HeaderFields,
} from './tree-writer.js';
export { checkLayer, rebuildLayer, type ChunkSource, type RebuildOptions } from './rebuild.js';
export { readSegments, type SegmentChunkSource, type SegmentWithChunks } from './segment-reads.js';
