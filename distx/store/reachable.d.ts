import { RecordKind, type RecordLocation } from '../pack/index.js';
import { type FileRecipe, type ImageRecord, type LayerRecipe, type LayerRecipeRoot } from '../recipe/index.js';
import type { VerifyProblem } from './types.js';
/** What the walk reads. */
export interface ReachableSource {
    names(): Promise<{
        name: string;
        image: string;
    }[]>;
    locate(kind: RecordKind, hex: string): Promise<RecordLocation | undefined>;
    image(hex: string): Promise<ImageRecord>;
    layerRoot(hex: string): Promise<LayerRecipeRoot>;
    layerPart(hex: string): Promise<Uint8Array>;
    /** The whole recipe, parts read as its segments are iterated. */
    layerRecipe(hex: string): Promise<LayerRecipe>;
    fileRecipe(hex: string): Promise<FileRecipe>;
    /**
     * The base (64 hex) of a file stored as a delta (record kind 11), undefined for a file stored
     * as chunks; throws when the delta record is damaged. `rebuild`: also rebuild the file and
     * check its sha256 (verify).
     */
    fileDelta(hex: string, rebuild: boolean): Promise<string | undefined>;
    /** Reads and checks a blob description (kind 10); throws when it does not parse. */
    blobDescription(hex: string): Promise<unknown>;
}
/**
 * The object keys (see keys.ts) of every object reachable from a name. Missing and unreadable
 * objects are reported into `problems` when given, and the walk goes on.
 */
export declare function reachable(source: ReachableSource, problems?: VerifyProblem[], options?: {
    rebuildDeltas?: boolean;
}): Promise<Set<string>>;
