import type { Store } from '../../store/index.js';
import { RegistryClient, type RegistryClientOptions, type TrafficStats } from '../client.js';
import type { LayerProvider } from '../pull.js';
import { type PushResult } from '../push.js';
import type { RegistryReference } from '../reference.js';
import { type DeltaPullReport, type DeltaPushReport } from './deltas.js';
import { type ChunkPullReport } from './pull.js';
import { type ChunkPushReport } from './push.js';
import { Traffic } from './remote.js';
/** Layers through the chunk artifact of the image, when the repository has one; `onReport` hears what came. */
export declare function chunkLayerProvider(onReport?: (report: ChunkPullReport, traffic: Traffic) => void, options?: {
    batchBytes?: number;
}): LayerProvider;
/**
 * Pushes the chunk artifact of a stored image beside its pushed manifest (`subject`: the
 * digest, media type and size the registry holds, which differ from the store's when push
 * made a new manifest).
 */
export declare function pushChunkData(store: Store, client: RegistryClient, repository: string, image: string, subject: {
    digest: string;
    mediaType: string;
    size: number;
}): Promise<{
    report: ChunkPushReport;
    traffic: Traffic;
}>;
/** Layers through a delta artifact from an image whose layers the store holds, when the repository has one. */
export declare function deltaLayerProvider(onReport?: (report: DeltaPullReport, traffic: Traffic) => void): LayerProvider;
export interface PushBesideOptions extends RegistryClientOptions {
    /** push the chunk artifact @default true */
    chunks?: boolean;
    /** stored images to push deltas from */
    deltasFrom?: readonly string[];
}
export interface PushBesideResult {
    chunks?: ChunkPushReport;
    deltas: DeltaPushReport[];
    /** Why the chunk data and deltas asked for were not pushed (the image itself was). */
    skipped?: string;
    traffic: TrafficStats;
}
/**
 * After (or while) `pushImage`: the chunk artifact and the delta artifacts beside the pushed
 * manifest. `pushed` may be the push still running: the chunk artifact's packs and indexes go
 * up meanwhile, and only its manifest waits for the image's (a failed image push fails this too).
 * Packs and indexes are mounted from other repositories of the registry where the store knows
 * one that holds them, and remembered once pushed.
 */
export declare function pushBeside(store: Store, image: string, ref: RegistryReference, pushed: PushResult | Promise<PushResult>, options: PushBesideOptions): Promise<PushBesideResult>;
