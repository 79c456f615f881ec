/**
 * Writing the index: a sealed pack's records (and its name records, replayed) in one
 * synchronous batch; dropping packs; reading pack summaries.
 */
import { type RecordEntry } from '../pack/index.js';
import type { StoreContext } from './context.js';
import type { IndexDb } from './index-db.js';
import { type PackSummary } from './keys.js';
/** Indexes a sealed pack's records (and replays its name records) in one synchronous batch. */
export declare function indexRecords(ctx: StoreContext, id: string, sequence: number, bytes: number, records: readonly RecordEntry[], payloads?: Map<number, Uint8Array>): Promise<void>;
/** Removes packs and every object entry pointing into them; returns how many object entries went. */
export declare function dropPacksFromIndex(db: IndexDb, packs: Set<string>): Promise<number>;
/**
 * Records that gc is about to delete these packs (before it deletes any): an open that finds
 * one of them gone drops it silently, while any other pack that is gone is reported as lost.
 */
export declare function markPacksDeleting(db: IndexDb, packs: Iterable<string>): Promise<void>;
/** The packs gc marked for deletion and has not yet dropped from the index. */
export declare function readDeletingPacks(db: IndexDb): Promise<Set<string>>;
/** Every indexed pack and its summary. */
export declare function readPackSummaries(db: IndexDb): Promise<Map<string, PackSummary>>;
/** Deletes every key of the index (repair rebuilds it). */
export declare function clearIndex(db: IndexDb): Promise<void>;
