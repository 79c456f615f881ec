/**
 * cairn's public entry: everything an embedder uses is exported from here, and the command
 * line imports nothing else.
 */
export * from './errors.js';
export { sha256Digest, parseDigest, isDigest, DIGEST_PREFIX } from './digest.js';
export {
  createChunker, cutBuffer, readChunks, resolveChunkerParams, chunkerIdentity, formatChunkerIdentity,
  sameChunkerIdentity, DEFAULT_CHUNKER_PARAMS, CHUNKING_MODES, gearTable,
  type Chunker, type Cut, type Chunk, type ChunkerOptions, type ChunkerParams, type ChunkerIdentity,
  type ChunkingMode,
} from './chunker/index.js';
export {
  openStore, Store, defaultStoreDir,
  type StoreOptions, type ProgressEvent, type PutFileResult, type VerifyProblem, type VerifyReport,
  type GcReport, type RepairReport, type StoreStats, type IngestCommit,
} from './store/index.js';
export { ingest, MEDIA_TYPES, type IngestOptions, type IngestResult, type IngestedImage, type LayerStats } from './ingest/index.js';
export type { ImageRecord, ImageLayer, FileRecipe, LayerRecipe, LayerSegment, ChunkRef } from './recipe/index.js';
