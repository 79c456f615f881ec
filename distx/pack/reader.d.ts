import { open, type FileHandle } from 'node:fs/promises';
import { type RecordEntry, type RecordLocation } from './format.js';
/** A parsed pack: its header fields and every record (payloads as views into `bytes`). */
export interface ParsedPack {
    id: string;
    sequence: number;
    bytes: Buffer;
    records: (RecordEntry & {
        payload: Buffer;
    })[];
}
/**
 * Parses a whole pack already in memory. With `expectedId`, the sha256 of the bytes must equal
 * it (the pack's checksum). Throws CorruptDataError on any inconsistency.
 */
export declare function parsePack(bytes: Buffer, expectedId: string): ParsedPack;
/** Parses without checking the checksum (repair salvages what it can from a damaged pack). */
export declare function parsePackStructure(bytes: Buffer, id: string): ParsedPack;
/**
 * Reads one record's stored payload through an open file, checking that the header at the
 * location matches what the index says.
 */
export declare function readRecordPayload(file: FileHandle, location: RecordLocation, digestHex: string): Promise<Buffer>;
/** Bounds a location read from the index (which may be damaged) before anything is allocated for it. */
export declare function checkLocationBounds(location: RecordLocation): void;
/**
 * The payload of the record at `location`, found at `at` in `buffer` (bytes read from the pack
 * starting at some earlier offset), once its header matches the location and digest.
 */
export declare function recordPayloadIn(buffer: Buffer, at: number, location: RecordLocation, digestHex: string): Buffer;
export { open as openPackFile };
