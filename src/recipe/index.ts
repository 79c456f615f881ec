/** File and layer recipe types and their encodings, and the image record. Pure: no I/O. */
export { encodeFileRecipe, decodeFileRecipe, type FileRecipe, type ChunkRef } from './file-recipe.js';
export { encodeLayerRecipe, decodeLayerRecipe, appendFraming, type LayerRecipe, type LayerSegment } from './layer-recipe.js';
export type { ImageRecord, ImageLayer, NameEvent, NameSnapshot } from './image.js';
export { MEDIA_TYPES } from './media-types.js';
