import { CompressPool } from '../../store/compress-pool.js';
import type { Store } from '../../store/index.js';
import { ObjectCodec, ObjectKind } from './format.js';
/** A layer part is closed after a file segment whose digest is a cut once it holds PART_MIN encoded bytes, and always at PART_MAX. */
export declare const PART_MIN: number;
export declare const PART_MAX: number;
/** One file segment in PART_CUT_ONE_IN is a cut (past PART_MIN). */
export declare const PART_CUT_ONE_IN = 8;
/** zstd level of chunk and part records; a record is stored raw when zstd saves under 3%, or when it holds 64 bytes or fewer. */
export declare const RECORD_ZSTD_LEVEL = 3;
/** Whether a part holding `encoded` bytes is closed after a segment of the file with this digest. */
export declare function isPartCut(fileDigest: string, encoded: number): boolean;
/** A record as the pack holds it. */
export interface PackRecord {
    kind: ObjectKind;
    digest: string;
    rawLength: number;
    codec: ObjectCodec;
    stored: Uint8Array;
}
/** The layer's parts, with how far into the layer tar each reaches. */
export interface LayerParts {
    parts: {
        digest: string;
        tarLength: number;
    }[];
    chunks: number;
    chunkBytes: number;
}
/**
 * The records of layer `diffId` in pack order, each in its stored form (see the module
 * comment); `into` is complete once the generator is done.
 */
export declare function layerRecords(store_: Store, diffId: string, pool: CompressPool, into: LayerParts): AsyncGenerator<PackRecord>;
/** A pool for record compression (close it when done). */
export declare function recordCompressor(): CompressPool;
