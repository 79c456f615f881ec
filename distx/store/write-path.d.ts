import { RecordKind } from '../pack/index.js';
import type { StoreContext } from './context.js';
import { RecordWriter } from './record-writer.js';
import type { IngestCommit, PutFileOptions, PutFileResult } from './types.js';
/** A file's content to store. */
export type FileSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
export declare class WriteSession extends RecordWriter {
    #private;
    constructor(ctx: StoreContext);
    /**
     * Chunks, deduplicates and stores one file's content. The records are durable and visible
     * after commit() (putFile commits; the ingest of a tree commits once at the end).
     */
    putFileUncommitted(source: FileSource, options?: PutFileOptions): Promise<PutFileResult>;
    /**
     * The largest file putSmallFilesUncommitted takes: below every cut the chunker can make, so
     * such a file is one chunk (none when empty) whose digest is the file's.
     */
    get smallFileLimit(): number;
    /**
     * Stores many small files (each at most smallFileLimit bytes) at once, as putFileUncommitted
     * would store each: one sha256 per file (its one chunk's digest is the file's), one index
     * lookup for the whole batch, the new chunks compressed in one worker job, and their records
     * and the missing file recipes appended in one turn of the write queue. Resolves, in order,
     * with each file's result (storedBytes final) once every record is appended.
     */
    putSmallFilesUncommitted(files: readonly Uint8Array[]): Promise<PutFileResult[]>;
    /** Which of these objects the store holds (indexed, in the open pack, or being stored): one batched lookup. */
    holdsMany(kind: RecordKind, hexes: readonly string[]): Promise<boolean[]>;
    /**
     * Appends chunk records in the form a sender stored them (zstd or raw payloads of chunks the
     * caller has checked against their digests), skipping those the store holds: nothing is
     * compressed again. Returns the bytes appended.
     */
    putStoredChunks(chunks: readonly {
        hex: string;
        length: number;
        zstd: boolean;
        payload: Uint8Array;
    }[]): Promise<number>;
    /** Waits until every chunk handed to the compressors has been appended to a pack (callers at the same time share one wait). */
    drain(): Promise<void>;
    /** Chunks handed to the compressors and not yet appended are pending too: commit() waits for them, then seals. */
    isPending(kind: RecordKind, hex: string): boolean;
    /** Seals the open pack and indexes it, once every compression job in flight has been appended. */
    commit(): Promise<IngestCommit>;
    /** As RecordWriter.abort, once the compression jobs in flight have settled. */
    abort(): Promise<string[]>;
    /** Stops the compression workers. */
    close(): Promise<void>;
}
