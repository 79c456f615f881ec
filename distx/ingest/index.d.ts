/** Ingest: finding images in inputs by content (store-free sources) and driving tar → chunker → store. */
export { ingest, type IngestOptions, type IngestResult, type IngestedImage, type IngestedLayer } from './ingest.js';
export { storeLayer, type LayerStats } from './layer-builder.js';
export { singleLayerImageBlobs } from './image-record.js';
export { sourceNames } from './naming.js';
export { openImageSources, type ImageSource, type ImageSourceKind, type ImageSourceOptions, type LayerSource, type LayerBlob, } from './sources.js';
export { layerPieces, layerBytes, FRAMING_RUN_LIMIT, MAX_FRAMING_RUN, type LayerPart, type LayerPiece, } from './layer-parts.js';
