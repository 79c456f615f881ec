/** Versions as deltas: files of newer images stored as deltas against their predecessors (store record kind 11). */
export { storeVersionDeltas, repositoryOf, type VersionDeltaOptions, type VersionDeltaEvent, type VersionDeltaResult, } from './store-deltas.js';
export { layerPaths, type PathedFile } from './layer-paths.js';
export { deltasAfterIngest } from './after-ingest.js';
