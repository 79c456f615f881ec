/**
 * The ingest hook of versions as deltas: once an ingest has committed, each named image it
 * brought is passed to storeVersionDeltas. A failure here leaves the ingest landed: the deltas
 * not yet committed are dropped and the failure is a warning.
 */
import type { Store } from '../store/index.js';
import { type VersionDeltaOptions, type VersionDeltaResult } from './store-deltas.js';
/** Runs the versions pass over freshly ingested images; returns the totals. */
export declare function deltasAfterIngest(store: Store, images: readonly {
    name: string | null;
    manifest: string;
}[], options?: VersionDeltaOptions & {
    onWarning?: (message: string) => void;
}): Promise<VersionDeltaResult>;
