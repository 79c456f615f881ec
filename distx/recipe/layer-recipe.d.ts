/** A part is closed once its encoding reaches this many bytes (framing runs are at most about 1 MiB more). */
export declare const LAYER_PART_BYTES: number;
export type LayerSegment = {
    kind: 'framing';
    bytes: Uint8Array;
}
/** `digest` is 64 hex (the file's content digest, which names its file recipe). */
 | {
    kind: 'file';
    digest: string;
    length: number;
};
/** One part as the root lists it. */
export interface LayerPartRef {
    /** 64 hex: sha256 of the part's encoding */
    digest: string;
    /** tar bytes the part's segments stand for */
    tarLength: number;
}
/** A layer recipe's root as stored. `inline` holds the segments of a legacy (CLR1) recipe. */
export interface LayerRecipeRoot {
    tarLength: number;
    parts: LayerPartRef[];
    inline?: LayerSegment[];
}
/** A decoded part. */
export interface LayerRecipePart {
    tarLength: number;
    segments: LayerSegment[];
}
/**
 * A stored layer recipe as read: its tar length, its parts, and its segments in tar order,
 * read part by part as they are iterated (each iteration reads the parts again).
 */
export interface LayerRecipe {
    tarLength: number;
    parts: readonly LayerPartRef[];
    segments: AsyncIterable<LayerSegment>;
}
/** A part ready to store: its encoding and the reference the root keeps. */
export interface EncodedLayerPart extends LayerPartRef {
    bytes: Buffer;
}
/** The encoded size of a segment (what LAYER_PART_BYTES counts). */
export declare function segmentEncodedLength(segment: LayerSegment): number;
export declare function encodeLayerPart(segments: readonly LayerSegment[]): EncodedLayerPart;
/**
 * Decodes a part. Given the reference the root holds, it also checks the part's sha256 and
 * tar length against it, so that any damage is a CorruptDataError.
 */
export declare function decodeLayerPart(bytes: Uint8Array, expected?: LayerPartRef): LayerRecipePart;
export declare function encodeLayerRoot(root: Pick<LayerRecipeRoot, 'parts'>): Buffer;
/** Decodes a root, or a legacy single-record recipe (as a root with inline segments). */
export declare function decodeLayerRoot(bytes: Uint8Array): LayerRecipeRoot;
