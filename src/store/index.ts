/** The CAS engine: index in `level`, pack management, lock, put/get/has, verify, gc, repair. */
export {
  Store,
  type StoreOptions, type ProgressEvent, type PutFileResult, type VerifyProblem, type VerifyReport,
  type GcReport, type RepairReport, type LossSummary, type StoreStats, type IngestCommit,
} from './store.js';
export { openStore } from './open-store.js';
export { defaultStoreDir } from './layout.js';
export { repairStore } from './repair-store.js';
export { MAX_DELTA_DEPTH, type FileDeltaAccess } from './file-deltas.js';
export type { LocatedChunk, StoredChunk } from './read-path.js';
export type { ListedImage } from './listing-cache.cjs';
