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
  openStore, repairStore, Store, defaultStoreDir,
  type StoreOptions, type ProgressEvent, type PutFileResult, type VerifyProblem, type VerifyReport,
  type GcReport, type RepairReport, type LossSummary, type StoreStats, type IngestCommit,
} from './store/index.js';
export { MEDIA_TYPES } from './recipe/index.js';
export { ingest, type IngestOptions, type IngestResult, type IngestedImage, type LayerStats } from './ingest/index.js';
export type { ImageRecord, ImageLayer, FileRecipe, LayerRecipe, LayerSegment, ChunkRef } from './recipe/index.js';
export { rebuildLayer, splitTar, readEntries, type ChunkSource, type TarPart, type TarEntry, type TarHeader } from './tar/index.js';
export { exportOciLayout, writeLayerFile, type ExportOciOptions, type LayerCompression } from './oci/index.js';

import { rebuildLayer as rebuild } from './tar/index.js';
import { parseDigest as canonicalDigest } from './digest.js';
import type { Store as StoreType } from './store/index.js';

/** A stored layer's tar, rebuilt and verified against its DiffID as it streams. */
export async function* readLayer(store: StoreType, diffId: string): AsyncGenerator<Uint8Array> {
  const id = canonicalDigest(diffId, 'DiffID');
  yield* rebuild(await store.getLayerRecipe(id), id, store);
}
export { exportRootfs, exportRootfsTar, type RootfsExportOptions, type RootfsExportResult, type RootfsProgressEvent } from './rootfs/index.js';
export {
  analyze, reportStore, renderTable, renderHtml, parseUpgrade, compareTags,
  type AnalyzeOptions, type StoreReportOptions, type ReportOptions, type ReportProgressEvent, type UpgradeRequest,
  type Report, type ReportSettings, type SizeFigures, type ImageFigures, type LayerFigures, type UpgradeFigures,
  type HistogramBucket, type Alignment, type PerMode,
} from './report/index.js';
export { formatBytes } from './report/index.js';
