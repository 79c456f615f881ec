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
  openStore, repairStore, Store, defaultStoreDir, MAX_DELTA_DEPTH, type FileDeltaAccess,
  type StoreOptions, type ProgressEvent, type PutFileResult, type VerifyProblem, type VerifyReport,
  type GcReport, type RepairReport, type LossSummary, type StoreStats, type IngestCommit, type ListedImage,
} from './store/index.js';
export { MEDIA_TYPES } from './recipe/index.js';
export {
  storeVersionDeltas, deltasAfterIngest, repositoryOf, type VersionDeltaOptions, type VersionDeltaEvent, type VersionDeltaResult,
} from './versions/index.js';
export type { DeltaMethod, DiffCoding } from './delta/index.js';
export { ingest, type IngestOptions, type IngestResult, type IngestedImage, type IngestedLayer, type LayerStats } from './ingest/index.js';
export type { ImageRecord, ImageLayer, FileRecipe, LayerRecipe, LayerSegment, LayerPartRef, ChunkRef } from './recipe/index.js';
export { rebuildLayer, splitTar, readEntries, type ChunkSource, type RebuildOptions, type TarPart, type TarEntry, type TarHeader } from './tar/index.js';
export { writeLayerFile, type ExportOciOptions, type ExportedLayer, type LayerCompression } from './oci/index.js';
export { layerBlobFor, imageBlobsFor, type BlobCompression, type ImageBlobs, type LayerBlobSource, type BlobDescription, type BlobOutcome } from './reblob/index.js';
export {
  parseReference, parseImageName, normalizeReference, familiarReference, splitDomain, matchingNames, nameFromPath,
  type Reference,
} from './reference.js';

import { rebuildLayer as rebuild } from './tar/index.js';
import { exportOciLayout as writeOciLayout } from './oci/index.js';
import type { Store as StoreType } from './store/index.js';

/**
 * A stored layer's tar (by DiffID or a unique prefix of one), rebuilt and verified against its
 * DiffID as it streams: a layer that does not match ends in a CorruptDataError before the
 * iteration finishes, naming the damaged chunk and its pack when that is the cause. Chunks are
 * read unchecked by default (the DiffID covers them), so a damaged chunk's bytes may come out
 * before that error; `checkChunks: true` checks every chunk before a byte of it comes out, for
 * a consumer that passes bytes on as they come (see rebuildLayer's RebuildOptions).
 */
export async function* readLayer(store: StoreType, diffId: string, options: { checkChunks?: boolean } = {}): AsyncGenerator<Uint8Array> {
  const id = await store.resolveLayer(diffId);
  yield* rebuild(await store.getLayerRecipe(id), id, store, { checkChunks: options.checkChunks ?? false });
}

/** Writes an image (a name, a manifest digest or a unique prefix: see Store.resolveImage) as an OCI image layout in `dir`. */
export async function exportOciLayout(
  store: StoreType, image: string, dir: string, ...rest: Parameters<typeof writeOciLayout> extends [unknown, unknown, unknown, ...infer R] ? R : never
): ReturnType<typeof writeOciLayout> {
  return writeOciLayout(store, await store.resolveImage(image), dir, ...rest);
}
export { exportRootfs, exportRootfsTar, type RootfsExportOptions, type RootfsExportResult, type RootfsProgressEvent } from './rootfs/index.js';
export { writeLayerTar, type LayerFileOptions } from './disk/layer-file.js';
export {
  analyze, reportStore, renderTable, renderHtml, parseUpgrade, compareTags,
  type AnalyzeOptions, type StoreReportOptions, type ReportOptions, type ReportProgressEvent, type UpgradeRequest,
  type Report, type ReportSettings, type SizeFigures, type ImageFigures, type LayerFigures, type UpgradeFigures,
  type HistogramBucket, type Alignment, type PerMode,
} from './report/index.js';
export { formatBytes } from './report/index.js';
export { writeBundle, applyBundle, makeInventory, parseInventory, INVENTORY_FORMAT, type Inventory, BUNDLE_ARTIFACT_TYPE, type WriteBundleOptions, type ApplyReport, type ApplyOptions, type BundleProgress, type BundleReport, type FileChoice } from './bundle/index.js';
export {
  relayer, RELAYER_LABEL, DEFAULT_MAX_LAYERS as RELAYER_DEFAULT_MAX_LAYERS, MAX_LAYERS as RELAYER_MAX_LAYERS,
  type RelayerOptions, type RelayerResult, type RelayerImage, type RelayerLayer, type RelayerUpgrade, type RelayerProgressEvent, type RelayerLabel, type LayerRole,
} from './relayer/index.js';
export {
  RegistryClient, parseRegistryReference, formatRegistryReference, pushImage, pullImage, parsePlatform, hostPlatform,
  RegistryUnreachableError, RegistryDeniedError, RegistryTlsError, RegistryResponseError,
  type RegistryClientOptions, type RegistryReference, type TrafficStats, type PushOptions, type PushResult, type PullOptions,
  type PullResult, type LayerProvider, type PullContext, type Platform,
} from './registry/index.js';
