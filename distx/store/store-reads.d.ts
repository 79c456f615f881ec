import type { ChunkerIdentity, ChunkerParams } from '../chunker/index.js';
import { RecordKind } from '../pack/index.js';
import type { FileRecipe, ImageRecord, LayerRecipe } from '../recipe/index.js';
import type { BlobDescription } from '../reblob/description.js';
import type { StoreContext } from './context.js';
import type { FileDeltaAccess } from './file-deltas.js';
import type { ObjectReader, StoredChunk } from './read-path.js';
import type { WriteSession } from './write-path.js';
export declare abstract class StoreReads {
    protected abstract readonly ctx: StoreContext;
    protected abstract readonly session: WriteSession;
    protected abstract readonly reader: ObjectReader;
    protected closed: boolean;
    /** The chunker this store cuts with. */
    get chunkerIdentity(): ChunkerIdentity;
    get chunkerParams(): ChunkerParams;
    protected check(): void;
    /** Whether the object `digest` (sha256:… of kind `kind`) is stored, in the open pack or indexed. */
    protected holds(kind: RecordKind, digest: string): Promise<boolean>;
    /** The recipe of a stored file. */
    getFileRecipe(digest: string): Promise<FileRecipe>;
    hasFile(digest: string): Promise<boolean>;
    hasChunk(digest: string): Promise<boolean>;
    /** Size and chunk count of a stored file (a delta-stored file counts as one chunk). */
    stat(digest: string): Promise<{
        digest: string;
        size: number;
        chunks: number;
    }>;
    /** Reads a chunk's bytes (digest `sha256:<hex>` or bare hex), checking its digest (a mismatch names the chunk and its pack). */
    readChunk(digest: string): Promise<Buffer>;
    /**
     * A stored file's content, chunk by chunk, as it is pulled. Every chunk is checked against
     * its digest; a corrupt chunk fails with CorruptDataError naming the chunk and the pack.
     */
    readFile(digest: string, options?: {
        signal?: AbortSignal;
    }): AsyncGenerator<Uint8Array>;
    /**
     * Several chunks at once (`sha256:<hex>` or bare hex): one index lookup for all, reads in
     * parallel, each chunk checked against its digest (CorruptDataError naming chunk and pack).
     */
    readChunks(digests: readonly string[]): Promise<Buffer[]>;
    /**
     * As readChunks, unchecked: for callers that check the bytes another way (a layer's DiffID).
     * A large batch decompresses on a worker thread, so that the caller's next reads and its
     * hashing run beside it.
     */
    readChunksUnchecked(digests: readonly string[]): Promise<Buffer[]>;
    /**
     * Chunks as their packs hold them (zstd or raw), neither decompressed nor checked: for
     * readers that decompress on another thread and check the result another way (rootfs
     * export checks each layer's DiffID).
     */
    readChunksStored(digests: readonly string[]): Promise<StoredChunk[]>;
    getBlob(digest: string): Promise<Buffer>;
    hasBlob(digest: string): Promise<boolean>;
    getLayerRecipe(diffId: string): Promise<LayerRecipe>;
    hasLayer(diffId: string): Promise<boolean>;
    /** The encoding of a stored layer recipe part (checked against its digest). */
    getLayerPart(digest: string): Promise<Buffer>;
    hasLayerPart(digest: string): Promise<boolean>;
    getImage(manifestDigest: string): Promise<ImageRecord>;
    /**
     * How the compressed layer blob `digest` is rebuilt from its tar (record kind 10), or
     * undefined when the store has no description of it (a store written before they existed).
     */
    getBlobDescription(digest: string): Promise<BlobDescription | undefined>;
    /** Files stored as deltas (record kind 11): written, chain depth, cost (file-deltas.ts; src/versions writes them). */
    get fileDeltas(): FileDeltaAccess;
}
