import { type ChunkingMode } from '../chunker/index.js';
import type { FilePiece, MeasureOptions } from './measure-types.js';
import { ObjectTable } from './object-table.js';
import type { LayerSinks } from './layer-sinks.js';
import type { SizePool } from './size-pool.js';
/** Files up to this size are read whole before chunking, so that a file seen before costs one hash. */
export declare const HOLD_LIMIT: number;
/** The distinct files and chunks one layer holds, while it is being read. */
export interface LayerSets {
    files: Set<number>;
    chunks: Set<number>[];
}
export declare class DistinctObjects {
    #private;
    readonly files: ObjectTable;
    constructor(options: MeasureOptions, pool: SizePool, track: (settling: Promise<void>) => void);
    /** Modes measured, `file` last. */
    get modes(): ChunkingMode[];
    /** The object table of a mode (`file`: the file table). */
    table(mode: ChunkingMode): ObjectTable;
    /** Empty sets for a layer about to be read. */
    layerSets(): LayerSets;
    /** The ids of a layer's distinct chunks in each mode, sorted. */
    sortedChunkIds(sets: LayerSets): Map<ChunkingMode, Uint32Array>;
    /** Forgets a partly chunked file (after a failed read). */
    resetChunkers(): void;
    /** Reads a file piece (every byte also to `sinks`) and adds its file and chunks to the layer's sets. */
    measureFile(piece: FilePiece, sinks: LayerSinks, sets: LayerSets, what: string): Promise<void>;
}
