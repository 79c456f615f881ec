import { type DeflateParams } from '../deflate/index.js';
/** A descriptor per entry: DeflateParams, or null for a stored entry. */
export type EntryDescriptor = DeflateParams | null;
/** The runs of `descriptors`, encoded. */
export declare function encodeRuns(descriptors: readonly EntryDescriptor[]): Buffer;
/** Reads runs at `offset`: one descriptor per entry (exactly `entries` of them) and where the runs end. */
export declare function decodeRuns(buf: Buffer, offset: number, entries: number): {
    descriptors: EntryDescriptor[];
    end: number;
};
