/**
 * The regular files of a stored layer with their paths, read from its recipe alone: the tar is
 * parsed with every file's payload standing in as zeros, so no file content is read. The k-th
 * payload of the tar is the recipe's k-th file segment (how ingest builds recipes); when a
 * length does not match (a run of framing stored as a file, see ingest/layer-parts.ts), the
 * listing stops there: paths only choose delta bases, and a layer listed in part loses nothing
 * but candidates.
 */
import type { Store } from '../store/index.js';
export interface PathedFile {
    path: string;
    /** 64 hex */
    digest: string;
    size: number;
}
/** The layer's regular files in tar order (paths without a leading `./` or `/`). */
export declare function layerPaths(store: Store, diffId: string): Promise<PathedFile[]>;
