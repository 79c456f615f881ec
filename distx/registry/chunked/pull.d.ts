import type { Store } from '../../store/index.js';
import type { Descriptor } from './build.js';
import type { ChunkRemote, Traffic } from './remote.js';
/** Files are stored, and committed, in windows of about this many bytes of chunks to fetch. */
export declare const BATCH_BYTES: number;
export interface LayerOutcome {
    diffId: string;
    via: 'chunks';
    tarBytes: number;
}
export interface ChunkPullReport {
    manifest: string;
    artifact: string;
    layers: LayerOutcome[];
    files: number;
    chunks: number;
    /** raw bytes of the chunks fetched */
    chunkBytes: number;
    rangeSupport: string;
}
export interface FoundArtifact {
    artifact: string;
    /** the chunk index of each layer, in the image's layer order, with its DiffID */
    indexes: {
        diffId: string;
        descriptor: Descriptor;
    }[];
    packs: Set<string>;
}
/** The chunk artifact of `subject`, if the repository has one: its manifest digest, per-layer indexes and packs. */
export declare function findChunkArtifact(remote: ChunkRemote, subject: string, traffic: Traffic): Promise<FoundArtifact | undefined>;
/** The layers a pull wants by chunks. */
export interface ChunkLayersRequest {
    /** the image manifest's digest, as the registry serves it (the artifact's subject) */
    subject: string;
    /** the config's DiffIDs, in order */
    diffIds: readonly string[];
    /** the DiffIDs the store lacks */
    wanted: readonly string[];
    /** files are stored and committed in batches of about this many bytes of chunks to fetch @default BATCH_BYTES */
    batchBytes?: number;
}
/**
 * Obtains the `wanted` layers through the chunk artifact of `subject`: each one stored and
 * committed with its DiffID checked. Returns undefined when the repository has no chunk
 * artifact for the image (the caller fetches whole layers). On a failure, what was committed
 * stays (a next pull fetches only the rest) and the rest is dropped.
 */
export declare function pullLayersByChunks(store: Store, remote: ChunkRemote, request: ChunkLayersRequest, traffic: Traffic): Promise<ChunkPullReport | undefined>;
