/** Ingest: detecting input kinds by content and driving tar → chunker → store. */
export { ingest, type IngestOptions, type IngestResult, type IngestedImage } from './ingest.js';
export { LayerBuilder, type LayerStats } from './layer-builder.js';
