import type { ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { type LayerStats } from './layer-builder.js';
import type { ImageSource } from './sources.js';
/**
 * The config and manifest cairn writes for a one-layer image of an uncompressed layer
 * (deterministic: the same layer on the same architecture gives the same manifest digest).
 */
export declare function singleLayerImageBlobs(layer: {
    diffId: string;
    tarBytes: number;
}): {
    config: Buffer;
    manifest: Buffer;
};
/**
 * Stores config, manifest and image record for a one-layer image of an uncompressed layer.
 * Returns the record (not yet committed).
 */
export declare function storeSingleLayerImage(store: Store, layer: {
    diffId: string;
    tarBytes: number;
}, source: string): Promise<ImageRecord>;
/** Stores an image that has a manifest (uncommitted). Returns its record and the figures of the layers it stored. */
export declare function storeImage(store: Store, image: ImageSource, signal?: AbortSignal): Promise<{
    record: ImageRecord;
    layers: LayerStats[];
}>;
