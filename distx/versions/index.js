/** Versions as deltas: files of newer images stored as deltas against their predecessors (store record kind 11). */
export { storeVersionDeltas, repositoryOf, } from './store-deltas.js';
export { layerPaths } from './layer-paths.js';
export { deltasAfterIngest } from './after-ingest.js';
//# sourceMappingURL=index.js.map