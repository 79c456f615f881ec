import { RecordKind } from '../pack/index.js';
import { type FileRecipe, type ImageRecord, type LayerRecipe, type LayerRecipeRoot } from '../recipe/index.js';
import type { StoreContext } from './context.js';
import type { WriteSession } from './write-path.js';
import type { ReachableSource } from './reachable.js';
import { type BlobDescription } from '../reblob/description.js';
import { FileDeltaAccess, FileDeltas } from './file-deltas.js';
export declare class ObjectReader {
    #private;
    /** Files stored as deltas (record kind 11): rebuilt where a chunk or a recipe is asked for. */
    readonly deltas: FileDeltas;
    /** What Store.fileDeltas hands out: deltas written, chains, costs. */
    readonly deltaAccess: FileDeltaAccess;
    constructor(ctx: StoreContext, session: WriteSession);
    /** Reads an object and checks its digest. */
    getVerified(kind: RecordKind, hex: string): Promise<Buffer>;
    /** Reads a keyed object (see WriteSession.putKeyed) and checks its trailing checksum. */
    getKeyed(kind: RecordKind, hex: string): Promise<Buffer>;
    /** A file's recipe as readers use it: a delta-stored file's is one chunk, the whole file (see file-deltas.ts). */
    fileRecipe(hex: string): Promise<FileRecipe>;
    /** The file recipe record as stored (kind 2). */
    storedFileRecipe(hex: string): Promise<FileRecipe>;
    /** A layer recipe's root (the list of its parts). */
    layerRoot(hex: string): Promise<LayerRecipeRoot>;
    /** A layer recipe: its root is read now, its parts as its segments are iterated. */
    layerRecipe(hex: string): Promise<LayerRecipe>;
    image(hex: string): Promise<ImageRecord>;
    /** A blob description (record kind 10); throws when it does not parse. */
    blobDescription(hex: string): Promise<BlobDescription>;
    /** What the walk from names to chunks reads (verify, gc, repair). */
    reachableSource(names: ReachableSource['names']): ReachableSource;
    /**
     * Several chunks at once: one index lookup for all, reads in parallel. With `check`, each
     * chunk's sha256 is compared with its digest as it arrives, and a mismatch throws
     * CorruptDataError naming the chunk and its pack before any chunk is returned. With
     * `offThread` (unchecked reads only), a large batch decompresses on a worker thread while
     * this one carries on (PackFiles.readRecordsOffThread).
     */
    chunks(hexes: readonly string[], check: boolean, offThread?: boolean): Promise<Buffer[]>;
    /**
     * Several chunks as stored, not decompressed nor checked: for a reader that decompresses
     * them elsewhere (another thread) and checks the bytes another way (a layer's DiffID).
     */
    chunksStored(hexes: readonly string[]): Promise<StoredChunk[]>;
}
/** A chunk as its pack holds it: zstd (`zstd`) or raw, `length` bytes once decompressed. */
export interface StoredChunk {
    payload: Buffer;
    zstd: boolean;
    length: number;
}
