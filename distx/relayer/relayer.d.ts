import type { Store } from '../store/index.js';
import { type PullCost } from './costs.js';
import type { LayerRole } from './plan.js';
export { DEFAULT_MAX_LAYERS, MAX_LAYERS } from './limits.js';
export interface RelayerOptions {
    /** Repository of the new images: each is named REPO:TAG, TAG the version's. */
    name: string;
    /** @default 32 (at most 127) */
    maxLayers?: number;
    /** A re-layered image to continue (its layering is kept for unchanged files). */
    prior?: string;
    signal?: AbortSignal;
    onProgress?: (event: RelayerProgressEvent) => void;
}
export type RelayerProgressEvent = {
    type: 'relayer:read' | 'relayer:write';
    version: number;
    versions: number;
};
export interface RelayerLayer {
    diffId: string;
    role: LayerRole;
    description: string;
    entries: number;
    tarBytes: number;
    /** gzip -6 of the tar, when the layer was written in this run. */
    gzipBytes: number | null;
    /** The layer was already there (same units as a layer written before, or the prior's). */
    reused: boolean;
    /** Paths, with each file's content bytes and how many upgrades of this run changed it. */
    files: {
        path: string;
        bytes: number;
        changes: number;
    }[];
}
export interface RelayerImage {
    source: string;
    sourceManifest: string;
    name: string;
    manifest: string;
    layers: RelayerLayer[];
}
export interface RelayerUpgrade {
    from: string;
    to: string;
    /** null when the prior's original image is not in the store. */
    original: PullCost | null;
    relayered: PullCost;
    /** Each new or changed file gzip-compressed alone. */
    ideal: {
        files: number;
        bytes: number;
    };
}
export interface RelayerResult {
    repository: string;
    maxLayers: number;
    prior: string | null;
    images: RelayerImage[];
    upgrades: RelayerUpgrade[];
    totals: {
        originalBytes: number;
        relayeredBytes: number;
        idealBytes: number;
    };
}
/** Re-layers `images` (versions of one application) into REPO:TAG images in `store`. */
export declare function relayer(store: Store, images: readonly string[], options: RelayerOptions): Promise<RelayerResult>;
