import { RecordKind } from '../pack/index.js';
import type { FileRecipe, ImageRecord, LayerRecipe } from '../recipe/index.js';
/** One object that was lost: its kind, digest and the pack it was in (when known). */
export interface LostObject {
    kind: string;
    digest: string;
    pack?: string;
}
/** What lacks content: names, images (manifest digests), layers (DiffIDs), files (content digests). */
export interface Affected {
    names: string[];
    images: string[];
    layers: string[];
    files: string[];
    /** objects referenced from a name that are not stored (or not readable) */
    missing: LostObject[];
}
/** What the walk reads; `present` says whether an object is stored and its pack is there. */
export interface LossSource {
    names(): Promise<{
        name: string;
        image: string;
    }[]>;
    present(kind: RecordKind, hex: string): Promise<boolean>;
    image(hex: string): Promise<ImageRecord>;
    layerRecipe(hex: string): Promise<LayerRecipe>;
    fileRecipe(hex: string): Promise<FileRecipe>;
    /** The base of a delta-stored file (see ReachableSource.fileDelta). */
    fileDelta(hex: string, rebuild: boolean): Promise<string | undefined>;
}
/** Walks from every name down to chunks; returns what lacks content. */
export declare function findAffected(source: LossSource): Promise<Affected>;
/** "105 chunks, 2 file recipes": counts of objects by kind, for messages. */
export declare function describeCounts(objects: readonly {
    kind: string;
}[]): string;
