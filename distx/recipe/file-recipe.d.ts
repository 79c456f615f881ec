export interface ChunkRef {
    /** 64 hex */
    digest: string;
    length: number;
}
export interface FileRecipe {
    size: number;
    chunks: ChunkRef[];
}
export declare function encodeFileRecipe(recipe: FileRecipe): Buffer;
export declare function decodeFileRecipe(bytes: Uint8Array): FileRecipe;
