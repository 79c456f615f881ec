/**
 * The files a bundle plans, rebuilt as the layers that use them are verified. Each is made
 * from its chunks (the bundle's pack, or the store) or from its base and delta (decoded
 * inline, or for large totals on worker threads while this thread stores earlier files), checked by its digest as the store
 * takes it in (the store hashes every byte it stores), and handed to rebuildLayer from memory:
 * a layer's DiffID is computed without reading its new files back from the store.
 *
 * PlannedFiles is the ChunkSource rebuildLayer reads through: a planned file's recipe is one
 * chunk of its own (`planned:<digest>`), whose bytes are the rebuilt content; everything else
 * comes from the store. Memory: rebuilt files wait in memory until the layer has hashed them;
 * at most IN_FLIGHT large files (and BUDGET bytes, unless only one) are rebuilt or held at
 * once, in the order the layers ask for them; small files (one chunk) as rebuildLayer reads
 * them, in groups.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Store } from '../store/index.js';
import type { ChunkSource } from '../tar/index.js';
import type { PackRecord } from './apply-plan.js';
import type { DecodePool } from './decode-pool.js';
import { type PlannedFile } from './format.js';
import type { Spool } from './spool.js';
export interface PlannedFilesOptions {
    store: Store;
    spool: Spool;
    /** The bundle's chunk pack (open) and its records by chunk digest. */
    pack: {
        file: FileHandle;
        records: Map<string, PackRecord>;
    } | undefined;
    decoder: DecodePool;
    /** A file was rebuilt, checked and stored. */
    onFile: (file: PlannedFile) => void;
}
export declare class PlannedFiles implements ChunkSource {
    #private;
    readonly smallFileLimit: number;
    private constructor();
    /** The plan's files the store lacks, to be rebuilt as layers ask for them (and by finish()). */
    static open(files: readonly PlannedFile[], options: PlannedFilesOptions): Promise<PlannedFiles>;
    getFileRecipe(hex: string): Promise<{
        chunks: readonly {
            digest: string;
            length: number;
        }[];
    }>;
    /** The store's chunks checked against their digests: the pass that names a corrupt chunk (see verifyLayer). */
    readChunks(hexes: readonly string[]): Promise<Uint8Array[]>;
    /** The store's chunks unchecked: the layer's DiffID covers every byte (see verifyLayer). */
    readChunksUnchecked(hexes: readonly string[]): Promise<Uint8Array[]>;
    /** rebuildLayer yielded `piece`: if it is a rebuilt file, the layer has hashed it and it is let go. */
    consumed(piece: Uint8Array): void;
    /** A layer was verified: every file it rebuilt is let go (it has hashed them all). */
    endLayer(): void;
    /** Rebuilds and stores the planned files no layer asked for. */
    finish(): Promise<void>;
    /** Waits until every rebuild started has ended (stored, or failed). */
    settle(): Promise<void>;
}
