import type { Store } from '../store/index.js';
import type { ByteSource } from '../tar/byte-reader.js';
import type { BundleProgress } from './format.js';
export interface ApplyReport {
    /** true when the store already held every target under its names: nothing was written. */
    noop: boolean;
    images: {
        manifest: string;
        names: string[];
    }[];
    files: {
        digest: string;
        via: 'chunks' | 'delta' | 'zip-delta';
        size: number;
    }[];
    layers: {
        diffId: string;
        tarBytes: number;
    }[];
    bytes: number;
    seconds: number;
}
export interface ApplyOptions {
    /** Progress, for a bar: bytes of files rebuilt and of layers verified, of their total. */
    onProgress?: (event: BundleProgress) => void;
}
/** Applies a bundle (a tar stream) to `store`; on any failure the store is left as it was (no new names). */
export declare function applyBundle(store: Store, source: ByteSource, options?: ApplyOptions): Promise<ApplyReport>;
