import { type LayerCompression } from '../oci/index.js';
import type { Store } from '../store/index.js';
import { type RegistryClientOptions, type TrafficStats } from './client.js';
import type { ManifestJson } from './manifest.js';
import { type RegistryReference } from './reference.js';
export interface PushOptions extends RegistryClientOptions {
    /**
     * Layer compression: `original` sends the blobs the image was ingested with where the store can
     * rebuild them byte for byte (then the manifest, and its digest, are the original too), and
     * gzip for the others. @default 'original'
     */
    compression?: Exclude<LayerCompression, 'none'>;
    /** Upload in PATCH chunks of this many bytes instead of one PUT. */
    chunkSize?: number;
    /** Blob uploads at once. @default 3 */
    parallel?: number;
    /** Bytes uploaded so far of `total` (blobs that must be uploaded). */
    onProgress?: (event: {
        done: number;
        total: number;
    }) => void;
    /** Each blob as it is settled. */
    onBlob?: (blob: PushedBlob) => void;
}
/** How a blob reached the repository: it was there, it was mounted, or it was uploaded. */
export type PushHow = 'present' | 'mounted' | 'uploaded';
export interface PushedBlob {
    kind: 'config' | 'layer';
    digest: string;
    size: number;
    /** Layers: the DiffID. */
    diffId?: string;
    how: PushHow;
}
export interface PushResult {
    /** The reference pushed to, fully qualified. */
    reference: string;
    /** The manifest digest in the registry. */
    manifest: string;
    mediaType: string;
    /** The store's manifest digest of the image. */
    storeManifest: string;
    /** True when the registry's manifest is the store's, byte for byte (same digest). */
    manifestKept: boolean;
    config: PushedBlob;
    layers: PushedBlob[];
    traffic: TrafficStats;
}
/** The docker schema 2 form of an OCI image manifest (zstd layers have none). */
export declare function dockerManifestOf(manifest: ManifestJson): Buffer;
/** True for the answers of a registry that does not take an OCI manifest. */
export declare function refusesOci(error: unknown): boolean;
/** Pushes the stored image `manifestDigest` to `ref` (see the module comment). */
export declare function pushImage(store: Store, manifestDigest: string, ref: RegistryReference, options?: PushOptions): Promise<PushResult>;
