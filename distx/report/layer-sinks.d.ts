import type { MeasureOptions } from './measure-types.js';
import type { SizePool } from './size-pool.js';
/** Whole-layer figures, fed every byte of the tar in order. */
export declare class LayerSinks {
    #private;
    tarBytes: number;
    constructor(options: MeasureOptions, hash: boolean, pool: SizePool);
    write(bytes: Uint8Array): Promise<void>;
    /** The figures; the zstd size comes later, from a worker. */
    end(): Promise<{
        gzipBytes: number | null;
        zstdBytes: Promise<number>;
        diffId: string | undefined;
    }>;
    destroy(): void;
}
