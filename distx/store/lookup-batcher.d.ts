/**
 * Index lookups coalesced: while one getMany is in flight, the lookups asked for meanwhile wait
 * and then go out together as one. Storing many small files at once otherwise costs one
 * LevelDB round trip (a snapshot, a thread-pool hop) per file; a lone lookup goes out at once.
 */
import type { IndexDb } from './index-db.js';
type Value = Uint8Array | undefined;
export declare class LookupBatcher {
    #private;
    constructor(db: IndexDb);
    /** The values of `keys` (undefined where absent), in order. */
    getMany(keys: string[]): Promise<Value[]>;
}
export {};
