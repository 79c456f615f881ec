/**
 * A batch of stored records decompressed into one buffer, back to back: what a worker of the
 * decompression pool does with a job (decompress-worker.ts). Kept apart from the pool so that
 * the worker loads no pool code.
 */
import type { RecordDecompressor } from './compression.js';
/** Where one record's stored payload lies in a job's input, and what it becomes. */
export interface BatchRecord {
    /** Offset of the payload in the input. */
    at: number;
    /** Stored bytes. */
    stored: number;
    /** zstd, else raw (copied as it is). */
    zstd: boolean;
    /** Bytes once decompressed: its place in the output follows the previous record's. */
    length: number;
}
export interface DecompressJob {
    /** The payloads (transferred to the worker, handed back with the result). */
    input: Uint8Array;
    /**
     * The records, FIELDS numbers each (at, stored, zstd 0/1, length): a typed array crosses to
     * the worker as one copy, where an array of objects costs a structured clone per field.
     */
    records: Uint32Array;
}
export interface DecompressResult {
    /** The records' bytes, back to back over these buffers (see decompressBatch). */
    outputs: Uint8Array[];
    /** The job's input, handed back to be filled again. */
    input: Uint8Array;
}
export declare function encodeRecords(records: readonly BatchRecord[]): Uint32Array;
/**
 * Output buffers hold records back to back up to this many bytes (a larger record has one of
 * its own): buffers this small come from the allocator's free lists, where larger ones are
 * mapped fresh and let go whole, and fresh memory costs a page fault per 4 KiB.
 */
export declare const OUTPUT_BYTES: number;
/**
 * The job's records decompressed into new buffers (records back to back, a new buffer where
 * the next record would pass OUTPUT_BYTES); throws when a payload does not decompress to its
 * length.
 */
export declare function decompressBatch(decompressor: RecordDecompressor, job: DecompressJob): Uint8Array[];
