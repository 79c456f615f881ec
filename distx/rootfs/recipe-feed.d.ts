import type { LayerRecipe } from '../recipe/index.js';
import type { StoredChunk } from '../store/index.js';
/** What the feed needs from the store. */
export interface FeedStore {
    getFileRecipe(hex: string): Promise<{
        chunks: readonly {
            digest: string;
            length: number;
        }[];
    }>;
    readChunksStored(digests: readonly string[]): Promise<StoredChunk[]>;
    /** Files up to this size are one chunk whose digest is the file's (see tar/rebuild.ts). */
    readonly smallFileLimit?: number;
}
/** Where the layer's bytes go besides the tar reader. */
export interface FeedSink {
    /** Layer bytes to hash only (framing, and file data read on this thread). */
    hash(bytes: Uint8Array): void | Promise<void>;
    /** A chunk of file data as stored: decompressed, hashed, and written at `position` of `file` (when given). */
    chunk(file: number | undefined, position: number, chunk: StoredChunk): void | Promise<void>;
    /** The layer is over: what was hashed since the last layer must be `length` bytes with sha256 `diffId`. */
    endLayer(diffId: string, length: number): void | Promise<void>;
}
export declare class RecipeFeed {
    #private;
    constructor(recipe: LayerRecipe, diffId: string, store: FeedStore, sink: FeedSink);
    /** The next file segment read is the data of `file` (`size` bytes); `real`: hand the reader its real bytes. */
    claim(file: number, size: number, real?: boolean): void;
    /** Ends the claim; throws CorruptDataError unless it got exactly its one segment. */
    release(): void;
    /** The tar stream with placeholders for file data; the sink gets every byte for real. Drain it to the end. */
    bytes(): AsyncGenerator<Uint8Array>;
}
