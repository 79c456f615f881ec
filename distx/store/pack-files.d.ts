import type { FileHandle } from 'node:fs/promises';
import { type RecordLocation } from '../pack/index.js';
import { RecordDecompressor } from './compression.js';
import { type StoreLayout } from './layout.js';
/** readRecordsOffThread starts its worker once this many bytes have been decompressed inline, by default. */
export declare const DECOMPRESSION_INLINE_BYTES: number;
export declare class PackFiles {
    #private;
    readonly decompressor: RecordDecompressor;
    constructor(layout: StoreLayout, inlineBytes?: number);
    /**
     * Runs `work` with the pack's open file. Handles are cached (at most PACK_FILES idle ones);
     * a handle is closed only when no read is using it.
     */
    withPackFile<T>(id: string, work: (file: FileHandle) => Promise<T>): Promise<T>;
    /** Closes a pack's file (before the pack is deleted). */
    closePackFile(id: string): Promise<void>;
    closeAll(): Promise<void>;
    /** Reads and decodes one record's bytes (decompressed). */
    readRecord(location: RecordLocation, hex: string): Promise<Buffer>;
    /**
     * Reads and decodes many records (decompressed), in the order asked. Records that lie close
     * together in one pack (as a batch of small files' chunks do) are read with one read per
     * span instead of one each; every record header is checked as readRecord checks it.
     * `decode` false: the payloads as stored (zstd or raw, as each location's codec says).
     */
    readRecords(wanted: readonly {
        location: RecordLocation;
        hex: string;
    }[], decode?: boolean): Promise<Buffer[]>;
    /**
     * As readRecords (decoded), with the decompression on a worker thread when the batch is
     * large enough to pay for the hand-off (decompress-pool.ts): the payloads are read into one
     * buffer that the worker takes. Small calls are gathered into such batches first
     * (read-coalescer.ts). A batch is decoded here when the worker is not up yet or already has
     * its fill of jobs (the two threads then share the work). When the worker cannot decompress
     * a batch, it is read and decoded again here, so that the error names the record that fails.
     */
    readRecordsOffThread(wanted: readonly {
        location: RecordLocation;
        hex: string;
    }[]): Promise<Buffer[]>;
    /** Whether the record header at `location` matches (the payload is not checked). */
    recordMatches(location: RecordLocation, hex: string): Promise<boolean>;
}
/** Decompresses, or undefined when the payload does not decompress. */
export declare function safeDecompress(d: RecordDecompressor, payload: Uint8Array, length: number): Buffer | undefined;
