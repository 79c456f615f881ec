import type { DeltaInfo } from '../delta/index.js';
import { RecordKind, type RecordLocation } from '../pack/index.js';
import type { FileRecipe } from '../recipe/index.js';
import type { StoreContext } from './context.js';
/** A file stored as a delta is at most this many deltas from a fully stored file. */
export declare const MAX_DELTA_DEPTH = 3;
/** What this module reads through (the object reader's methods; no import of it, no cycle). */
export interface DeltaReadSource {
    locate(kind: RecordKind, hex: string): Promise<RecordLocation | undefined>;
    flushIfPending(kind: RecordKind, hex: string): Promise<void>;
    storedFileRecipe(hex: string): Promise<FileRecipe>;
    chunks(hexes: readonly string[], check: boolean): Promise<Buffer[]>;
    /** Chunks as stored, not decompressed nor checked (a delta-stored one: its content, raw). */
    chunksStored(hexes: readonly string[]): Promise<{
        payload: Buffer;
        zstd: boolean;
        length: number;
    }[]>;
}
/** A delta record as read: the codec's container, and what its header declares. */
export interface StoredDelta {
    delta: Buffer;
    info: DeltaInfo;
    /** 64 hex of the base file */
    base: string;
}
export declare class FileDeltas {
    #private;
    constructor(ctx: StoreContext, source: DeltaReadSource);
    /** Whether the store holds any file delta (looked up once per open; set when one is written). */
    any(): Promise<boolean>;
    /** A delta was written: reads look for deltas from now on. */
    noteWritten(): void;
    /** Every file stored as a delta (64 hex). */
    deltaFiles(): Promise<string[]>;
    /** Whether the file `hex` is stored as a delta. */
    isDelta(hex: string): Promise<boolean>;
    /** Reads a delta record and checks its container (CRC-32, target digest); undefined when there is none. */
    read(hex: string): Promise<StoredDelta | undefined>;
    /** How many deltas the file is from a fully stored one (0: not a delta). */
    depth(hex: string): Promise<number>;
    /** The file's recipe as readers see it: a delta-stored file is one chunk, itself. */
    recipeView(hex: string): Promise<FileRecipe | undefined>;
    /** A whole file's content (rebuilt from its delta chain, or read from its chunks), checked against its digest. */
    content(hex: string, depth?: number): Promise<Buffer>;
    /** Chunks that are not chunk records: the whole files of delta-stored files, rebuilt. */
    missingChunk(hex: string): Promise<Buffer>;
}
/** What the versions pass (src/versions) needs of the store's file deltas: Store.fileDeltas. */
export declare class FileDeltaAccess {
    #private;
    /** @internal made by the Store */
    constructor(deltas: FileDeltas, putMeta: (hex: string, delta: Uint8Array) => Promise<unknown>, source: Pick<DeltaReadSource, 'locate' | 'storedFileRecipe'>);
    /** Stores the file `hex` (64 hex) as `delta` (the codec's container, made against a stored file); uncommitted. */
    put(hex: string, delta: Uint8Array): Promise<void>;
    /** Whether the file is stored as a delta (one index lookup; none in a store that holds no delta). */
    isDelta(hex: string): Promise<boolean>;
    /** How many deltas the file is from a fully stored one (0: stored as chunks). */
    depth(hex: string): Promise<number>;
    /** Every file stored as a delta (64 hex). */
    list(): Promise<string[]>;
    /** The files the file's content is rebuilt from, nearest base first (empty: stored as chunks). */
    chain(hex: string): Promise<string[]>;
    /** Every file some delta is made against (each delta record is read). */
    bases(): Promise<Set<string>>;
    /** The file's content, whole (rebuilt when it is a delta; cached for the next versions). */
    content(hex: string): Promise<Buffer>;
    /** The file's recipe record as ingest stored it (its chunks, whether or not it is a delta now: gc may have reclaimed them). */
    storedRecipe(hex: string): Promise<FileRecipe>;
    /** The chunk digests of the file's recipe record (as stored, whether or not it is a delta now). */
    chunkDigests(hex: string): Promise<string[]>;
    /** Bytes the chunk records take in packs (compressed, with their 44-byte headers); absent chunks count 0. */
    chunkRecordBytes(hexes: Iterable<string>): Promise<number>;
}
