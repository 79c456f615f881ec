import { type Descriptor } from '../oci/index.js';
import type { Store } from '../store/index.js';
import { RegistryClient, type RegistryClientOptions, type ResolvedImage, type TrafficStats } from './client.js';
import { type Platform } from './manifest.js';
import { type RegistryReference } from './reference.js';
/** A layer of the image being pulled. */
export interface PullLayer {
    /** Position in the manifest. */
    index: number;
    /** The DiffID the config gives. */
    diffId: string;
    /** The layer's descriptor in the manifest (compressed blob digest, size, media type). */
    descriptor: Descriptor;
}
/** What a layer provider is given: the resolved image and the layers the store still lacks. */
export interface PullContext {
    store: Store;
    client: RegistryClient;
    reference: RegistryReference;
    image: ResolvedImage;
    config: {
        digest: string;
        bytes: Buffer;
    };
    /** The layers the store lacks (in manifest order). */
    missing: PullLayer[];
}
/**
 * A way to obtain layers other than downloading their blobs (chunkpull: cairn's chunk index
 * and packs, or a delta). It must store each layer it obtains in the store with its DiffID
 * verified (putLayerRecipe) and commit, and return, per DiffID obtained, how it came
 * ('chunks', 'delta', ...) and optionally the bytes it received. Layers it does not return
 * are fetched whole. It may throw only for failures that must stop the pull.
 */
export type LayerProvider = (context: PullContext) => Promise<Map<string, {
    how: string;
}>>;
export interface PullOptions extends RegistryClientOptions {
    /** Name to give the image in the store. @default the reference (its tag), none for a digest-only reference */
    name?: string;
    /** @default the host's */
    platform?: Platform;
    /** Tried in order before whole blobs are fetched (see LayerProvider). */
    layerProviders?: LayerProvider[];
    signal?: AbortSignal;
    /** Layer bytes received so far of `total` (blobs fetched whole). */
    onProgress?: (event: {
        done: number;
        total: number;
    }) => void;
}
export interface PulledLayer {
    diffId: string;
    digest: string;
    size: number;
    /** 'already' (the store had it), 'whole' (its blob was fetched), or what a provider said. */
    how: string;
}
export interface PullResult {
    reference: string;
    /** The store name set, or null. */
    name: string | null;
    manifest: string;
    config: string;
    platform: string;
    layers: PulledLayer[];
    traffic: TrafficStats;
}
/** Pulls `ref` into the store (see the module comment). */
export declare function pullImage(store: Store, ref: RegistryReference, options?: PullOptions): Promise<PullResult>;
