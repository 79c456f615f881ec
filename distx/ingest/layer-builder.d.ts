import type { Store } from '../store/index.js';
import { type LayerRecipeRoot } from '../recipe/index.js';
import { type LayerPart } from './layer-parts.js';
export interface LayerStats {
    diffId: string;
    tarBytes: number;
    files: number;
    chunks: number;
    newChunks: number;
    storedBytes: number;
}
/**
 * Stores a layer given as parts; returns its recipe root and figures (after every new chunk is
 * in a pack). Files below the store's smallest chunk go in batches (putSmallFilesUncommitted:
 * one index lookup, one compression job and one append per batch); mid-sized ones are stored
 * a few at a time, large ones as they stream. Segments are added to the recipe in tar order;
 * memory stays bounded by IN_FLIGHT_BYTES of batches in flight and a recipe part.
 */
export declare function storeLayer(store: Store, parts: AsyncIterable<LayerPart>, options?: {
    signal?: AbortSignal;
    what?: string;
}): Promise<{
    root: LayerRecipeRoot;
    stats: LayerStats;
}>;
