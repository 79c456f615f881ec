/**
 * Scanning a damaged pack for records that still check out (repair's salvage). The pack's
 * checksum, header and trailer are not trusted: records are read from the end of the header
 * on, each one accepted only when `intact` says its payload matches its digest. After damage
 * (a record that fails, a header that does not parse) the scan moves on byte by byte until a
 * record checks out again, so one damaged record, a damaged header or trailer, or a pack cut
 * short loses only the records the damage touches.
 */
import { type RecordEntry } from './format.js';
export type ScannedRecord = RecordEntry & {
    payload: Buffer;
};
export interface PackScan {
    /** The header's sequence, or undefined when the header is damaged. */
    sequence: number | undefined;
    /** Records whose payload checks out, in pack order. */
    good: ScannedRecord[];
    /** Records whose header parsed but whose payload is damaged or cut off (what was lost, by digest). */
    damaged: RecordEntry[];
    /** Bytes between good records that belong to no record that checks out. */
    lostBytes: number;
}
/** Scans a pack's bytes (any damage) for records; `intact` checks one record's payload. */
export declare function scanPack(bytes: Buffer, id: string, intact: (record: ScannedRecord) => boolean): PackScan;
