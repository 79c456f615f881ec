/** Ingest: finding images in inputs by content (store-free sources) and driving tar → chunker → store. */
export { ingest } from './ingest.js';
export { storeLayer } from './layer-builder.js';
export { singleLayerImageBlobs } from './image-record.js';
export { sourceNames } from './naming.js';
export { openImageSources, } from './sources.js';
export { layerPieces, layerBytes, FRAMING_RUN_LIMIT, MAX_FRAMING_RUN, } from './layer-parts.js';
//# sourceMappingURL=index.js.map