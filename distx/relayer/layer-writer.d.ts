import type { Store } from '../store/index.js';
import { type Unit } from './units.js';
/** The report's gzip level for a registry blob. */
export declare const GZIP_LEVEL = 6;
export interface WrittenLayer {
    diffId: string;
    tarBytes: number;
    /** gzip -6 of the tar (undefined until measured, for layers reused from a prior image). */
    gzipBytes: number | undefined;
}
/** sha256, length and gzip -6 size of a byte stream. */
export declare function measure(pieces: AsyncIterable<Uint8Array>, level?: number): Promise<{
    sha256: string;
    bytes: number;
    gzipBytes: number;
}>;
/** gzip -6 of a stored layer's tar (rebuilt from its recipe and checked against its DiffID). */
export declare function layerGzipBytes(store: Store, diffId: string): Promise<number>;
export declare class LayerWriter {
    #private;
    private readonly store;
    constructor(store: Store);
    /** Makes an existing layer (a prior image's) known, so that the same content reuses it. */
    seed(diffId: string, tarBytes: number): Promise<void>;
    /** The layer's gzip -6 size, measured now if it was not when written. */
    gzipBytes(diffId: string): Promise<number>;
    /** Writes (or finds) the layer of `units`, given in key order. */
    write(units: readonly Unit[]): Promise<WrittenLayer & {
        reused: boolean;
    }>;
}
