import type { Descriptor } from './types.js';
export declare const REF_NAME = "org.opencontainers.image.ref.name";
/** index.json as read: the fields cairn does not know are kept as they are. */
export interface LayoutIndex {
    manifests: Descriptor[];
    [field: string]: unknown;
}
export interface LayoutTarget {
    dir: string;
    index: LayoutIndex;
    /** Whether the oci-layout file must be written. */
    newLayout: boolean;
}
/** Checks `dir` and reads its index; creates the directory when missing. */
export declare function openLayoutTarget(dir: string): Promise<LayoutTarget>;
/** The index with `entry` added under `tag` (see the module comment). */
export declare function addToIndex(index: LayoutIndex, entry: Descriptor, tag: string): LayoutIndex;
/** Writes oci-layout (for a new layout) and index.json, the latter by rename. */
export declare function writeLayoutIndex(target: LayoutTarget, index: LayoutIndex): Promise<void>;
