import { type LayerRecipeRoot } from '../recipe/index.js';
import type { Store } from '../store/index.js';
/** The bytes a packed layer carries, or refers to as its base. */
export interface LayerRecipeBytes {
    root: LayerRecipeRoot;
    /** Each part's encoding, in order. */
    parts: Uint8Array[];
    /** Content digests (64 hex) of the files the layer references. */
    files: Set<string>;
}
/** A stored layer's recipe, re-encoded into parts (deterministic: the same on sender and receiver). */
export declare function layerRecipeBytes(store: Store, diffId: string): Promise<LayerRecipeBytes>;
/** sha256 (64 hex) of the parts back to back: what the plan names a base by. */
export declare function concatDigest(parts: readonly Uint8Array[]): string;
/** The packed blob: zstd frames of the parts back to back, with `base` (parts back to back) as dictionary. */
export declare function encodeLayerPack(parts: readonly Uint8Array[], base: readonly Uint8Array[] | undefined, level: number): Uint8Array;
/**
 * The parts a packed blob holds: decompressed to exactly the sum of `sizes`, split, and each
 * checked against its digest when the plan names one (CorruptDataError otherwise).
 */
export declare function decodeLayerPack(blob: Uint8Array, base: readonly Uint8Array[] | undefined, parts: readonly {
    digest?: string;
    size: number;
}[], what: string): Buffer[];
