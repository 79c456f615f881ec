export interface StoredParams {
    impl: 'stored';
    /** [block length, how many blocks of that length] in order; the last block is the final one. */
    blocks: [number, number][];
}
/** The block runs of a stored-only stream, or null when it has another kind of block or odd bits. */
export declare function readStoredBlocks(stream: Uint8Array): StoredParams | null;
export declare function checkStored(value: StoredParams): StoredParams;
/** The stored-only stream of `content` with these block lengths. */
export declare function buildStored(p: StoredParams, content: Uint8Array): Uint8Array;
