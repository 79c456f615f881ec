/** cairn's chunk data beside pushed images, and the partial pull by chunks and deltas (docs/registry.md). */
export { buildLayerIndex, chunkArtifactManifest, type BuiltPack, type Descriptor, type LayerIndex } from './build.js';
export { pushChunkArtifact, type ChunkPushOptions, type ChunkPushReport } from './push.js';
export { pullLayersByChunks, findChunkArtifact, type ChunkPullReport, type ChunkLayersRequest, type LayerOutcome } from './pull.js';
export { RangeFetcher, forgetProbes, type RangeSupport } from './fetcher.js';
export { Traffic, type ChunkRemote, type BlobResponse, type TrafficKind } from './remote.js';
export { CHUNKS_ARTIFACT_TYPE, chunksTag, referrersTag, decodeChunkIndex, type ChunkIndex } from './format.js';
export { chunkLayerProvider, deltaLayerProvider, pushChunkData, pushBeside, type PushBesideOptions, type PushBesideResult } from './provider.js';
export { pushDeltaArtifact, pullByDelta, type DeltaPushReport, type DeltaPullReport } from './deltas.js';
export { clientRemote } from './client-remote.js';
