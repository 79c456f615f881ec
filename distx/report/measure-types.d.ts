/** What the measuring engine (measure.ts) takes in, and the numbers it gives out. */
import type { ChunkerParams, ChunkingMode } from '../chunker/index.js';
import type { LayerBlob } from '../ingest/index.js';
/** A piece of a layer as the engine takes it (ingest's LayerPiece, plus a digest the store already knows). */
export type MeasurePiece = {
    kind: 'framing';
    bytes: Uint8Array;
} | {
    kind: 'file';
    data: AsyncIterable<Uint8Array>;
    length: number;
    /** sha256:… of the content, when known before reading (a store's file recipe). */
    digest?: string;
};
export type FilePiece = Extract<MeasurePiece, {
    kind: 'file';
}>;
export interface LayerInput {
    /** DiffID, when known before reading: a layer measured already is not read again. */
    diffId?: string;
    /** Hash the tar and check it against `diffId` (or learn the DiffID). @default true */
    verify?: boolean;
    blob?: LayerBlob;
    what: string;
    pieces(): AsyncIterable<MeasurePiece>;
}
/** A measured layer. Id arrays are sorted and distinct. */
export interface MeasuredLayer {
    diffId: string;
    blob: LayerBlob | undefined;
    tarBytes: number;
    /** null when the gzip baseline was not asked for */
    gzipBytes: number | null;
    zstdBytes: number;
    framingBytes: number;
    framingStoredBytes: number;
    /** file pieces: regular files, and framing runs ingest stores as files */
    files: number;
    fileIds: Uint32Array;
    chunkIds: Map<ChunkingMode, Uint32Array>;
}
export interface MeasuredImage {
    /** manifest digest: the image's identity, as in the store */
    manifest: string;
    names: string[];
    kind: string;
    path: string | undefined;
    layers: string[];
}
export interface MeasureOptions {
    /** Sizes for every mode (the mode field names the primary mode). */
    chunker: ChunkerParams;
    /** Chunking modes measured besides file level (`file` is always measured). */
    modes: readonly ChunkingMode[];
    zstdLevel: number;
    /** null: skip the gzip baseline (the slowest figure) */
    gzipLevel: number | null;
    /** Worker threads for compression (0: on the calling thread). */
    threads: number;
    signal?: AbortSignal;
    onBytes?: (bytes: number) => void;
}
