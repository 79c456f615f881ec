/**
 * The chunker: loading the wasm kernel, the modes (aligned, fastcdc, fixed, file), bytes in,
 * cut points out. No file system, no store.
 */
export { createChunker, cutBuffer, fastcdcMasks, alignedThresholds } from './chunker.js';
export { readChunks, PendingBytes } from './stream.js';
export { gearTable } from './gear.js';
export { resolveChunkerParams, chunkerIdentity, formatChunkerIdentity, sameChunkerIdentity, DEFAULT_CHUNKER_PARAMS, CHUNKING_MODES, } from './params.js';
//# sourceMappingURL=index.js.map