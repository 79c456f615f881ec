import { type ImageLayer, type ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import type { BlobDescription } from './description.js';
/** `original`: the blob the image came with where the store can rebuild it, else gzip. */
export type BlobCompression = 'original' | 'gzip' | 'zstd' | 'none';
export interface LayerBlobSource {
    diffId: string;
    /** The manifest's descriptor, when the original blob is what streams (digest known before a byte is read). */
    original?: {
        mediaType: string;
        digest: string;
        size: number;
    };
    /** The media type of what streams. */
    mediaType: string;
    /** Whether the original blob is what streams. */
    reproduced: boolean;
    /** Why the original blob is not what streams (compress `original` only). */
    reason?: string;
    /** The blob's bytes; each call streams them anew. */
    open(signal?: AbortSignal): AsyncGenerator<Uint8Array>;
}
/** Whether the store can give back this layer's original blob, and why not. */
export declare function originalBlob(store: Store, layer: ImageLayer): Promise<{
    ok: true;
    description?: BlobDescription & {
        reproduced: true;
    };
} | {
    ok: false;
    reason: string;
}>;
/**
 * Layer `layerIndex` of `image` (a manifest digest the store holds, or its record) as a blob
 * compressed as asked. With `original`, the blob the manifest names where it is reproducible,
 * else gzip (level 6) and `reason` says why (an image cairn made from a directory or a lone
 * layer tar has no original blob: gzip).
 */
export declare function layerBlobFor(store: Store, image: string | ImageRecord, layerIndex: number, compress?: BlobCompression): Promise<LayerBlobSource>;
export interface ImageBlobs {
    /** Every layer is its original blob: `manifest` is the original manifest, verbatim. */
    original: boolean;
    /** The original manifest (when `original`). */
    manifest?: {
        bytes: Buffer;
        mediaType: string;
        digest: string;
    };
    layers: LayerBlobSource[];
}
/**
 * Every layer blob of an image as `layerBlobFor` gives it, and, with `original`, whether the
 * original manifest can be sent verbatim (every layer reproduced). What a push calls first:
 * a new manifest, when it needs one, names the digests the layer streams turn out to have.
 */
export declare function imageBlobsFor(store: Store, image: string | ImageRecord, compress?: BlobCompression): Promise<ImageBlobs>;
