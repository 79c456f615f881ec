import type { Store } from '../store/index.js';
export interface PathedFile {
    path: string;
    digest: string;
    size: number;
}
/** Regular files of a stored layer with their content digests (64 hex), in tar order. */
export declare function layerFiles(store: Store, diffId: string): Promise<PathedFile[]>;
