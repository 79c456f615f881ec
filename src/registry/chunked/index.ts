/** cairn's chunk data beside pushed images, and the partial pull by chunks and deltas (docs/registry.md). */
export { buildChunkArtifact, type ChunkArtifact, type Descriptor } from './build.js';
export { pushChunkArtifact, type ChunkPushReport } from './push.js';
export { pullByChunks, findChunkArtifact, type ChunkPullReport, type LayerOutcome } from './pull.js';
export { RangeFetcher, forgetProbes, type RangeSupport } from './fetcher.js';
export { Traffic, type ChunkRemote, type BlobResponse, type TrafficKind } from './remote.js';
export { CHUNKS_ARTIFACT_TYPE, chunksTag, referrersTag, decodeChunkIndex, type ChunkIndex } from './format.js';
export type { PullTarget } from './image.js';
