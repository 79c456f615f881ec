import { RecordKind, type RecordEntry } from '../pack/index.js';
import type { RecordDecompressor as Decompressor } from './compression.js';
/** Kinds whose digest is not the sha256 of their bytes: they end with a sha256 of the rest. */
export declare function isKeyedKind(kind: RecordKind): boolean;
/** The record's bytes, decompressed, or undefined when they do not decompress to their length. */
export declare function recordBytes(decompressor: Decompressor, r: RecordEntry & {
    payload: Uint8Array;
}): Buffer | undefined;
/** Whether a record decompresses to its length and matches its digest (keyed records: their checksum). */
export declare function recordIntact(decompressor: Decompressor, r: RecordEntry & {
    payload: Uint8Array;
}): boolean;
