/** One part of a layer: verbatim framing, or the data of one regular file. */
export type LayerPart = {
    kind: 'framing';
    bytes: Uint8Array;
} | {
    kind: 'payload';
    /** Exactly this many bytes come out of `data`. */
    length: number;
    /** Iterable once; drain it before asking for the next part. */
    data: AsyncIterable<Uint8Array>;
    /**
     * Called by a consumer that holds none of data's bytes any more (after storing them):
     * their buffer may then be filled with a later file's. Optional on both sides.
     */
    release?: () => void;
};
/**
 * What a layer recipe is made of: framing kept verbatim, and files stored through the chunker.
 * A file is either a regular file's payload or (`spilled`) a run of framing longer than
 * FRAMING_RUN_LIMIT, stored like a file so that no recipe holds an unbounded run inline.
 * Pieces partition the tar: their bytes, in order, are the layer's bytes.
 */
export type LayerPiece = {
    kind: 'framing';
    bytes: Buffer;
} | {
    kind: 'file';
    data: AsyncIterable<Uint8Array>;
    length: number;
    spilled: boolean;
    release?: () => void;
};
/** A framing run longer than this (junk after the end of an archive, thousands of empty entries) is stored as a file. */
export declare const FRAMING_RUN_LIMIT: number;
/**
 * The longest run of framing accepted from a tar with no file data between: far beyond any
 * real tar's headers (a quarter of a million empty entries), it stops decompression bombs and
 * endless junk after the end of an archive from being inflated and stored.
 */
export declare const MAX_FRAMING_RUN: number;
/**
 * Cuts a layer's parts into recipe pieces. Framing is gathered into runs; a run ends at the
 * next file, or is spilled as a file as soon as it grows past FRAMING_RUN_LIMIT (so the split
 * depends on how the framing arrives: the same source gives the same pieces).
 */
export declare function layerPieces(parts: AsyncIterable<LayerPart>): AsyncGenerator<LayerPiece>;
/** A layer tar's parts: split by tar/, with the framing-run bound applied. */
export declare function tarLayerParts(source: AsyncIterable<Uint8Array>, options?: {
    signal?: AbortSignal;
    what?: string;
}): AsyncGenerator<LayerPart>;
/** The tar bytes of a layer's parts, in order. */
export declare function layerBytes(parts: AsyncIterable<LayerPart>): AsyncGenerator<Uint8Array>;
