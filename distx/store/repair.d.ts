import type { NameSnapshot } from '../recipe/index.js';
import type { StoreContext } from './context.js';
import { type LossSource } from './loss-report.js';
import { type NameRecord } from './salvage.js';
import type { RepairReport } from './types.js';
import type { WriteSession } from './write-path.js';
/** Repairs the store (the caller has committed the open pack). `source` reads through ctx.db. */
export declare function repairIndex(ctx: StoreContext, session: WriteSession, source: LossSource, options?: {
    signal?: AbortSignal;
}): Promise<RepairReport>;
/** The name table after replaying name records in order (events set or remove, snapshots replace). */
export declare function replayNames(records: readonly NameRecord[]): NameSnapshot;
