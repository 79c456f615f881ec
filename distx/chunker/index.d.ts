/**
 * The chunker: loading the wasm kernel, the modes (aligned, fastcdc, fixed, file), bytes in,
 * cut points out. No file system, no store.
 */
export { createChunker, cutBuffer, fastcdcMasks, alignedThresholds, type Chunker, type Cut } from './chunker.js';
export { readChunks, PendingBytes, type Chunk } from './stream.js';
export { gearTable } from './gear.js';
export { resolveChunkerParams, chunkerIdentity, formatChunkerIdentity, sameChunkerIdentity, DEFAULT_CHUNKER_PARAMS, CHUNKING_MODES, type ChunkerOptions, type ChunkerParams, type ChunkerIdentity, type ChunkingMode, } from './params.js';
