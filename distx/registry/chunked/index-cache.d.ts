import { type LayerIndex } from './build.js';
/** The cached index of layer `diffId` for this chunker, or undefined. */
export declare function cachedLayerIndex(storeDir: string, diffId: string, chunker: string): Promise<LayerIndex | undefined>;
/** Keeps a built index (best effort: a failure to write is ignored). */
export declare function cacheLayerIndex(storeDir: string, index: LayerIndex, chunker: string): Promise<void>;
