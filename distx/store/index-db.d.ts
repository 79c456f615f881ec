/** One index write. */
export type IndexOp = {
    type: 'put';
    key: string;
    value: Uint8Array;
} | {
    type: 'del';
    key: string;
};
/** A key range (keys.ts builds them), optionally limited. */
export interface IndexRange {
    gte?: string;
    lt?: string;
    limit?: number;
}
/** Turns an error from LevelDB into cairn's (errors already cairn's pass through). */
export declare function indexError(error: unknown, path: string, root: string): Error;
export declare class IndexDb {
    #private;
    readonly path: string;
    private constructor();
    /** Opens (creating if needed) the index; a second opener (process, or handle in this process) gets a locked error. */
    static open(path: string, root: string): Promise<IndexDb>;
    /**
     * One key, looked up on this thread: LevelDB answers from its block cache in microseconds,
     * where an asynchronous get hands the lookup to another thread and back, which on the VMs
     * measured costs 20-40 µs of this thread's time (a cross-CPU wake-up) for one key.
     */
    get(key: string): Promise<Uint8Array | undefined>;
    /** Many keys, looked up on LevelDB's own thread (the writers' dedup batches: that thread works while this one chunks and hashes). */
    getMany(keys: string[]): Promise<(Uint8Array | undefined)[]>;
    /**
     * Many keys, looked up on this thread (readers, which wait for the answer before doing
     * anything else; see get() and the images bench in the README).
     */
    lookupMany(keys: readonly string[]): Promise<(Uint8Array | undefined)[]>;
    batch(ops: IndexOp[], options?: {
        sync?: boolean;
    }): Promise<void>;
    iterator(range?: IndexRange): AsyncGenerator<[string, Uint8Array]>;
    keys(range?: IndexRange): AsyncGenerator<string>;
    values(range?: IndexRange): AsyncGenerator<Uint8Array>;
    close(): Promise<void>;
}
/** Opens (creating if needed) the index; a second process gets StoreLockedError. */
export declare function openIndex(path: string, root: string): Promise<IndexDb>;
