import type { Store } from '../../store/index.js';
import { type Descriptor } from './build.js';
import type { ChunkRemote, Traffic, TrafficKind } from './remote.js';
export interface ChunkPushReport {
    artifact: string;
    packs: number;
    /** Packs mounted from another repository of the registry. */
    packsMounted: number;
    /** Layers whose index and packs were not built again (the repository had them or mounted them). */
    layersReused: number;
    packsUploaded: number;
    packBytes: number;
    bytesUploaded: number;
    chunks: number;
    chunkBytes: number;
}
/** Uploads a blob unless the repository has it (or mounts it); returns the bytes sent. */
export declare function pushBlobOnce(remote: ChunkRemote, bytes: Buffer, kind: TrafficKind, traffic: Traffic, digest?: string): Promise<number>;
export interface ChunkPushOptions {
    /** Pack uploads at once. @default 3 */
    parallel?: number;
    /** Every blob digest the repository holds once the artifact is pushed (to remember where they are). */
    onBlobs?: (digests: string[]) => Promise<void>;
    /** Stops the push (its reason is thrown) at the next pack or layer. */
    signal?: AbortSignal;
}
/** Pushes a manifest under `tag` and records it as a referrer of its subject (unless the registry does so itself). */
export declare function pushReferrer(remote: ChunkRemote, tag: string, manifest: Buffer, descriptor: Descriptor, subject: string, traffic: Traffic, supersedes?: (d: Descriptor) => boolean): Promise<void>;
/**
 * Pushes the chunk artifact of a stored image (its manifest digest) to the repository of
 * `remote`. `subject` is the image manifest as the registry holds it (awaited only once the
 * packs and indexes are up, so that they can go up while the image itself is pushed).
 */
export declare function pushChunkArtifact(store: Store, remote: ChunkRemote, manifestDigest: string, traffic: Traffic, subject?: Descriptor | Promise<Descriptor | undefined>, options?: ChunkPushOptions): Promise<ChunkPushReport>;
