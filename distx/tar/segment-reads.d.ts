/**
 * A layer recipe's segments in order, each file's chunks read ahead of the one being used: the
 * next files' recipes and first chunks while the current file is handed on, small files'
 * chunks many at a time, without their recipes. Memory stays bounded whatever the layer's file
 * count. Generic over what a chunk read gives (checked bytes for tar/rebuild.ts, chunks as the
 * packs hold them for the rootfs export's feed).
 */
import type { LayerSegment } from '../recipe/index.js';
/** What reading ahead needs from a store. */
export interface SegmentChunkSource<T> {
    getFileRecipe(hex: string): Promise<{
        chunks: readonly {
            digest: string;
            length: number;
        }[];
    }>;
    /** Several chunks, in order. */
    read(hexes: readonly string[]): Promise<T[]>;
    /**
     * Files up to this many bytes are one chunk whose digest is the file's (none when empty): the
     * store's chunker cuts nothing smaller. Their recipes are not read, and their chunks are read
     * many files at a time. Absent: every file's recipe is read.
     */
    readonly smallFileLimit?: number;
}
/** A segment, with a file segment's chunks (consume them before asking for the next segment). */
export type SegmentWithChunks<T> = {
    segment: Extract<LayerSegment, {
        kind: 'framing';
    }>;
} | {
    segment: Extract<LayerSegment, {
        kind: 'file';
    }>;
    chunks: AsyncIterable<T> | Iterable<T>;
};
export declare function readSegments<T>(segments: AsyncIterable<LayerSegment>, source: SegmentChunkSource<T>): AsyncGenerator<SegmentWithChunks<T>>;
