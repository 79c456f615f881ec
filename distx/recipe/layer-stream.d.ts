/**
 * Layer recipes in motion: written part by part as a layer is ingested (LayerRecipeBuilder),
 * and read back part by part (openLayerRecipe, layerFileDigests), so that memory is bounded by
 * a part or two whatever the layer's file count. Parts come from and go to the caller (the
 * store), which keeps this module free of I/O.
 */
import { type EncodedLayerPart, type LayerRecipe, type LayerRecipeRoot, type LayerSegment } from './layer-recipe.js';
/**
 * Collects a layer's segments in tar order and cuts them into parts. `add` returns a part
 * each time one fills up: store it, then go on; `finish` returns the last part and the root.
 */
export declare class LayerRecipeBuilder {
    #private;
    constructor(partBytes?: number);
    /** Adds the next segment; returns a full part to store, if this one filled it. */
    add(segment: LayerSegment): EncodedLayerPart | undefined;
    /** The last part (if any segments are left) and the root listing every part. */
    finish(): {
        part: EncodedLayerPart | undefined;
        root: LayerRecipeRoot;
    };
}
/** Reads a part's encoding by its digest (64 hex). */
export type ReadLayerPart = (digest: string) => Promise<Uint8Array>;
/**
 * A stored layer recipe as a stream of segments: parts are read as the segments are pulled,
 * the next one while the current one is consumed. Each part is checked against the digest and
 * tar length its root gives (CorruptDataError otherwise).
 */
export declare function openLayerRecipe(root: LayerRecipeRoot, readPart: ReadLayerPart): LayerRecipe;
/**
 * The file digests (64 hex, in tar order, repeats included) a layer recipe references, for
 * verify and gc. `readPart` may return undefined to skip a part (one the caller found missing
 * or damaged and has already reported, or has already walked).
 */
export declare function layerFileDigests(root: LayerRecipeRoot, readPart: (digest: string) => Promise<Uint8Array | undefined>): AsyncGenerator<string>;
