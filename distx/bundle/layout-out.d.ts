interface Blob {
    path?: string;
    bytes?: Uint8Array;
    size: number;
}
/** Blobs by sha256 (hex), in the order they were added. */
export declare class BlobDir {
    readonly blobs: Map<string, Blob>;
    add(bytes: Uint8Array): string;
    addFile(path: string): Promise<string>;
    size(digest: string): number;
}
/** Largest chunk pack compressed in the first frame with the metadata. */
export declare const SMALL_PACK: number;
/** Formats 1-3: the plain tar, every blob in the order added. */
export declare function plainLayout(blobs: BlobDir, index: Uint8Array): AsyncGenerator<Uint8Array>;
/** Bytes of the format 4 container by frame, as written. */
export interface FrameBytes {
    metadata: number;
    deltas: number;
    chunks: number;
}
/**
 * Formats 4 and 5: the same tar as zstd frames: (1) oci-layout, index.json and every blob but
 * the delta section and the compressed blobs (the chunk pack, the chunk sections), at `level`
 * with a window over the frame; (2) the delta section's entry, at `level` with a window over it
 * (up to 2^27) and long-distance matching, so that deltas are compressed together; (3) the
 * compressed blobs' entries (zstd frames already) at level 1, and the end-of-archive marker (in
 * the last frame present). Compressed blobs of at most SMALL_PACK bytes in all go in the first
 * frame instead (their own frame would cost its header).
 */
export declare function zstdLayout(blobs: BlobDir, index: Uint8Array, special: {
    deltas?: string;
    compressed: readonly string[];
}, level: number, counts: FrameBytes): AsyncGenerator<Uint8Array>;
export {};
