import { type DeflateParams, type FindOptions } from '../deflate/index.js';
interface EntryBase {
    name: string;
    /** Offset in the skeleton where this entry's data goes. */
    at: number;
    /** Compression method from the directory (0 stored, 8 deflate...). */
    method: number;
}
/** An entry's data: verbatim, or inflated with the parameters that re-deflate it exactly. */
export type ZipEntryData = {
    kind: 'raw';
    bytes: Uint8Array;
    reason?: string;
} | {
    kind: 'deflate';
    content: Uint8Array;
    deflate: DeflateParams;
    compressedSize: number;
};
export type ZipEntryPart = EntryBase & ZipEntryData;
export interface ZipSplit {
    skeleton: Uint8Array;
    entries: ZipEntryPart[];
    /** sha256 of the whole archive, checked by rebuildZip. */
    digest: string;
    size: number;
}
export interface SplitOptions {
    /** Inflate at most this many bytes in all (default 1 GiB); later entries stay raw. */
    maxInflated?: number;
    /** An entry declaring more than this ratio of inflated to compressed bytes stays raw (default 1100; deflate cannot exceed 1032). */
    maxRatio?: number;
    /** Stop trying to re-deflate after this many entries of at least 1 KiB failed with no success (default 8). */
    giveUpAfter?: number;
    find?: FindOptions;
}
/** Splits a zip; malformed archives are a BadInputError (see layout.ts). */
export declare function splitZip(zip: Uint8Array, options?: SplitOptions): ZipSplit;
/** The exact archive; a CorruptDataError when the result does not have the split's digest. */
export declare function rebuildZip(split: ZipSplit): Uint8Array;
export {};
