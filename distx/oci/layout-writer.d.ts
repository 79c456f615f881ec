import type { Store } from '../store/index.js';
/** `original`: the blobs (and manifest) the image came with where the store can rebuild them. */
export type LayerCompression = 'original' | 'gzip' | 'zstd' | 'none';
export interface ExportOciOptions {
    /** @default 'original' */
    compression?: LayerCompression;
    /** ref.name written in index.json. @default the tag of the image's first name, else 'latest' */
    tag?: string;
    signal?: AbortSignal;
}
/** Streams a layer's tar (verified against its DiffID), optionally compressed, into `path`; returns digest and size of what was written. */
export declare function writeLayerFile(store: Store, diffId: string, path: string, compression: Exclude<LayerCompression, 'original'>): Promise<{
    digest: string;
    size: number;
}>;
/** One layer as written: its blob, and whether it is the blob the image came with. */
export interface ExportedLayer {
    diffId: string;
    digest: string;
    size: number;
    mediaType: string;
    reproduced: boolean;
    /** Why the original blob was not written (compression `original` only). */
    reason?: string;
}
/**
 * The new OCI manifest of an image whose layer blobs are not all the original ones: the
 * original's config media type (docker's named as OCI's) and annotations, these blobs.
 * Export and push both make it here, so both give the same bytes.
 */
export declare function newImageManifest(original: {
    config?: {
        mediaType?: string;
    };
    annotations?: Record<string, string>;
}, config: {
    digest: string;
    size: number;
}, layers: readonly {
    mediaType: string;
    digest: string;
    size: number;
}[]): Buffer;
/**
 * Writes image `manifestDigest` into the OCI layout `dir`: created if missing, added to if it
 * is a layout (its other images and tags are kept; see layout-target.ts), refused otherwise.
 * With compression `original` (the default), every layer whose original blob the store can
 * rebuild is written byte for byte (checked against its digest); when that is every layer,
 * the original manifest is written verbatim, so the manifest digest is the image's own.
 * Otherwise the other layers are gzip-compressed and a new manifest names the blobs.
 */
export declare function exportOciLayout(store: Store, manifestDigest: string, dir: string, options?: ExportOciOptions): Promise<{
    manifest: string;
    original: boolean;
    source: string;
    layers: ExportedLayer[];
}>;
