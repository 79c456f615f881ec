import type { Store } from '../store/index.js';
import type { PathedFile } from './layer-files.js';
export interface SectionDictionary {
    /** Base layers (DiffIDs) the receiver holds, in this order. */
    layers: string[];
    /** Directories (no trailing slash; '' for every file): a file is taken when its path is under one. */
    under: string[];
    /** The dictionary is the last `length` bytes of the taken files back to back. */
    length: number;
}
/** Lists a layer's regular files in tar order (layer-files.ts `layerFiles`, or the sender's copy of it). */
export type LayerLister = (diffId: string) => Promise<readonly PathedFile[]>;
/** Whether `path` is under one of `under` (a set of directories, '' standing for the root). */
export declare function isUnder(path: string, under: ReadonlySet<string>): boolean;
/**
 * The dictionary for a section holding files at `paths`: the base files nearest them in the
 * tree, widened (directory by directory, up to the root) while they come to at most `budget`
 * bytes; when even the files of the sections' own directories exceed it, their last `budget`
 * bytes. Undefined when no base file is near enough to take.
 */
export declare function chooseDictionary(paths: readonly string[], layers: readonly {
    diffId: string;
    files: readonly PathedFile[];
}[], budget: number): SectionDictionary | undefined;
/** The bytes of `dictionary`, from `store` (the files are read checked). */
export declare function buildDictionary(store: Store, dictionary: SectionDictionary, list: LayerLister, what: string): Promise<Buffer>;
/** Largest dictionary a plan may ask for (the section's window covers dictionary and section). */
export declare const MAX_DICTIONARY: number;
