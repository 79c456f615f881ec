/** File and layer recipe types and their encodings, and the image record. Pure: no I/O (parts are read through the caller). */
export { encodeFileRecipe, decodeFileRecipe } from './file-recipe.js';
export { encodeLayerPart, decodeLayerPart, encodeLayerRoot, decodeLayerRoot, LAYER_PART_BYTES, } from './layer-recipe.js';
export { LayerRecipeBuilder, openLayerRecipe, layerFileDigests } from './layer-stream.js';
export { sealRecord, unsealRecord } from './sealed.js';
export { MEDIA_TYPES } from './media-types.js';
//# sourceMappingURL=index.js.map