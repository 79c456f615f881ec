import { Codec, RecordKind, type RecordEntry, type RecordLocation } from '../pack/index.js';
import type { StoreContext } from './context.js';
import type { IngestCommit } from './types.js';
export declare class RecordWriter {
    #private;
    protected readonly ctx: StoreContext;
    protected readonly unindexed: Map<string, RecordLocation>;
    constructor(ctx: StoreContext);
    /** A pack is open and no write has failed: close() commits it. */
    get canCommit(): boolean;
    /** Where an object is: in the open pack (pack '') or as the index says. */
    locate(kind: RecordKind, hex: string): Promise<RecordLocation | undefined>;
    /** Whether an object is written but not yet readable: in the open pack (WriteSession adds chunks on their way to it). */
    isPending(kind: RecordKind, hex: string): boolean;
    /** Objects not yet readable (isPending) become readable once the open pack is sealed: seal it first when one of these is. */
    flushIfPending(kind: RecordKind, hexes: string | readonly string[]): Promise<void>;
    /**
     * Runs writes one at a time, in order. A failed write fails the writer until abort(): every
     * later write throws the first failure again (its cause named: a full disk is "no space left").
     */
    serial<T>(work: () => Promise<T>): Promise<T>;
    /** Appends one record to the open pack (opened as needed); returns the bytes it took, 0 when the pack holds it already. */
    protected appendRecord(kind: RecordKind, hex: string, uncompressedLength: number, codec: Codec, payload: Uint8Array): Promise<number>;
    /** Stores a metadata object (compressed inline); returns its hex digest. */
    putMeta(kind: RecordKind, bytes: Uint8Array, hex?: string): Promise<string>;
    /**
     * Objects whose identity is not the sha256 of their own encoding (file recipes: the file's
     * content digest; layer recipes: the DiffID; images: the manifest digest). Their records carry a trailing 32-byte sha256 of the
     * encoding, so that reads and verify --deep still check every byte.
     */
    putKeyed(kind: RecordKind, hex: string, bytes: Uint8Array, checked?: boolean): Promise<void>;
    /** gc: copies a live record, as stored, into the open pack (call through serial). */
    appendCopied(r: RecordEntry & {
        payload: Buffer;
    }): Promise<void>;
    /** Seals the open pack and indexes it: everything written so far becomes durable and visible. */
    commit(): Promise<IngestCommit>;
    /**
     * Drops everything written since the last commit (a failed ingest): the open pack is deleted.
     * Returns the packs sealed since the last commit with new records only, for the caller to
     * delete those that nothing references (see discard.ts).
     */
    abort(): Promise<string[]>;
}
