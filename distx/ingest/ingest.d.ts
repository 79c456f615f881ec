import type { Store } from '../store/index.js';
import { type LayerStats } from './layer-builder.js';
import { type VersionDeltaResult } from '../versions/index.js';
export interface IngestOptions {
    /** Name for an image made from a directory or a lone layer tar. */
    name?: string;
    signal?: AbortSignal;
    /** Things skipped or not kept (sockets, unreadable xattrs); the ingest goes on. */
    onWarning?: (message: string) => void;
    /** Store new files of named images as deltas against their predecessors (src/versions), after the commit. */
    deltas?: boolean;
}
export interface IngestedImage {
    name: string | null;
    manifest: string;
    config: string;
    layers: string[];
    /** Present (true) when the name was made from the input's path because no --name was given. */
    namedAfterPath?: true;
}
/**
 * A layer of an ingested image: `stored` says whether this ingest stored it ('new': the figures
 * are this ingest's) or the store held it already ('already': only its size is given when it was
 * not read again).
 */
export interface IngestedLayer extends Omit<LayerStats, 'files' | 'chunks'> {
    files?: number;
    chunks?: number;
    stored: 'new' | 'already';
}
export interface IngestResult {
    images: IngestedImage[];
    layers: IngestedLayer[];
    totals: {
        files: number;
        chunks: number;
        newChunks: number;
        storedBytes: number;
    };
    /** With `deltas`: the files stored as deltas (their chunks are reclaimed by the next gc). */
    deltas?: VersionDeltaResult;
}
/**
 * Ingests paths and commits. Each path is recognised by content: an OCI layout directory (it
 * has an oci-layout file), any other directory (a one-layer image of its tree), an OCI archive
 * or docker-archive (a tar holding oci-layout or manifest.json), or a layer tar (plain, gzip or
 * zstd; a one-layer image). Names follow naming.ts.
 */
export declare function ingest(store: Store, paths: readonly string[], options?: IngestOptions): Promise<IngestResult>;
