import type { LayerRecipe } from '../recipe/index.js';
/** What rebuilding needs from a store. */
export interface ChunkSource {
    getFileRecipe(hex: string): Promise<{
        chunks: readonly {
            digest: string;
            length: number;
        }[];
    }>;
    /** Chunks' bytes, each checked against its digest: throws CorruptDataError naming chunk and pack. */
    readChunks(hexes: readonly string[]): Promise<Uint8Array[]>;
    /** Chunks' bytes, not checked (the layer's DiffID checks them): see RebuildOptions.checkChunks. */
    readChunksUnchecked?(hexes: readonly string[]): Promise<Uint8Array[]>;
    /**
     * Files up to this many bytes are one chunk whose digest is the file's (none when empty): the
     * store's chunker cuts nothing smaller. Their recipes are not read, and their chunks are read
     * many files at a time. Absent: every file's recipe is read.
     */
    readonly smallFileLimit?: number;
}
export interface RebuildOptions {
    /**
     * true (the default): every chunk is checked against its digest before a byte of it is
     * yielded. false (with a source that has readChunksUnchecked): chunks are read unchecked and
     * the DiffID covers them; a layer that does not match is rebuilt again with every chunk
     * checked, yielding nothing, so that the error names a damaged chunk and its pack when that
     * is the cause (else the DiffID's error stands). The bytes of a damaged chunk may then have
     * been yielded before the error: for consumers that commit nothing before the layer ends (a
     * file renamed into place once verified). The recipe's segments are read again for that pass.
     */
    checkChunks?: boolean;
    /** Each piece of the checking pass (checkChunks false, a layer that did not match). */
    recheck?: (piece: Uint8Array) => void;
}
/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. The recipe's
 * segments are pulled as the bytes go out, and reads run ahead (segment-reads.ts): the next
 * files' recipes and chunks are fetched while the current one is written, so layers of many
 * small files are not bound by one lookup at a time, and memory is bounded whatever the
 * layer's file count.
 */
export declare function rebuildLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource, options?: RebuildOptions): AsyncGenerator<Uint8Array>;
