/** File and layer recipe types and their encodings, and the image record. Pure: no I/O (parts are read through the caller). */
export { encodeFileRecipe, decodeFileRecipe, type FileRecipe, type ChunkRef } from './file-recipe.js';
export { encodeLayerPart, decodeLayerPart, encodeLayerRoot, decodeLayerRoot, LAYER_PART_BYTES, type LayerRecipe, type LayerSegment, type LayerPartRef, type LayerRecipeRoot, type LayerRecipePart, type EncodedLayerPart, } from './layer-recipe.js';
export { LayerRecipeBuilder, openLayerRecipe, layerFileDigests, type ReadLayerPart } from './layer-stream.js';
export { sealRecord, unsealRecord } from './sealed.js';
export type { ImageRecord, ImageLayer, NameEvent, NameSnapshot } from './image.js';
export { MEDIA_TYPES } from './media-types.js';
