import { type DeltaMethod } from '../delta/index.js';
import { type Store } from '../store/index.js';
export interface VersionDeltaOptions {
    /** Files smaller than this are left as chunks. @default 64 KiB */
    minFileBytes?: number;
    /** Files larger than this are left as chunks (encoding holds base and target and ~7 bytes per base byte). @default 256 MiB */
    maxFileBytes?: number;
    /** Codec methods and zstd level (src/delta). @default ['sa'], 9 */
    methods?: readonly DeltaMethod[];
    level?: number;
    /** One event per delta written or refused, for a log. */
    onFile?: (event: VersionDeltaEvent) => void;
    signal?: AbortSignal;
}
export interface VersionDeltaEvent {
    path: string;
    digest: string;
    base: string;
    /** bytes of the file's own chunk records, and of its delta (when one was made) */
    chunkBytes: number;
    deltaBytes?: number;
    stored: boolean;
    seconds: number;
}
export interface VersionDeltaResult {
    /** files stored as deltas, their size, their delta bytes, and the chunk record bytes gc can now reclaim */
    files: number;
    fileBytes: number;
    deltaBytes: number;
    chunkBytes: number;
    /** files tried whose delta saved too little */
    refused: number;
    seconds: number;
}
/** The repository of an image name (the name without its tag); undefined for what is not a name. */
export declare function repositoryOf(name: string): string | undefined;
/**
 * Stores as deltas the new files of the image `manifest` (sha256:…) named `names`, against
 * their predecessors in the store's other images of the same repositories; commits.
 */
export declare function storeVersionDeltas(store: Store, manifest: string, names: readonly string[], options?: VersionDeltaOptions): Promise<VersionDeltaResult>;
