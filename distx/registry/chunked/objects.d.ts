import type { RangeFetcher } from './fetcher.js';
import { type IndexedObject } from './format.js';
/** A record as it came, checked: the raw object, and its payload as the sender stored it (zstd or raw). */
export interface FetchedRecord {
    raw: Buffer;
    payload: Buffer;
    zstd: boolean;
}
/** One decompression context per call site: creating one per record costs more than decoding a small chunk. */
export declare class RecordUnpacker {
    #private;
    /** Decodes one record cut from a pack, checking it against its index entry (and its digest, for chunks and parts). */
    unpack(record: Uint8Array, entry: IndexedObject): FetchedRecord;
}
/** Decodes one record cut from a pack (see RecordUnpacker.unpack): the raw object. */
export declare function unpackRecord(record: Uint8Array, entry: IndexedObject): Buffer;
/** The objects, fetched and checked: `kind:digest` → the record (raw bytes and stored payload). */
export declare function fetchRecords(fetcher: RangeFetcher, entries: readonly IndexedObject[], packSizes: ReadonlyMap<string, number>): Promise<Map<string, FetchedRecord>>;
/** The objects, fetched and checked: `kind:digest` → raw bytes. */
export declare function fetchObjects(fetcher: RangeFetcher, entries: readonly IndexedObject[], packSizes: ReadonlyMap<string, number>): Promise<Map<string, Buffer>>;
