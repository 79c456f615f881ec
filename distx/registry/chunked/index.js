/** cairn's chunk data beside pushed images, and the partial pull by chunks and deltas (docs/registry.md). */
export { buildLayerIndex, chunkArtifactManifest } from './build.js';
export { pushChunkArtifact } from './push.js';
export { pullLayersByChunks, findChunkArtifact } from './pull.js';
export { RangeFetcher, forgetProbes } from './fetcher.js';
export { Traffic } from './remote.js';
export { CHUNKS_ARTIFACT_TYPE, chunksTag, referrersTag, decodeChunkIndex } from './format.js';
export { chunkLayerProvider, deltaLayerProvider, pushChunkData, pushBeside } from './provider.js';
export { pushDeltaArtifact, pullByDelta } from './deltas.js';
export { clientRemote } from './client-remote.js';
//# sourceMappingURL=index.js.map