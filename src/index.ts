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
