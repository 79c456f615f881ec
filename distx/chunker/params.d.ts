/** How a file is cut into chunks. */
export type ChunkingMode = 'aligned' | 'fastcdc' | 'fixed' | 'file';
export declare const CHUNKING_MODES: readonly ChunkingMode[];
/** Chunker options as a caller gives them; every field is optional. */
export interface ChunkerOptions {
    /** @default 'aligned' */
    mode?: ChunkingMode;
    /** Smallest chunk (except a file's last). @default 16384 */
    min?: number;
    /** Target mean chunk size; in `fixed` mode, the chunk size. @default 65536 */
    avg?: number;
    /** Largest chunk. @default 262144 */
    max?: number;
    /** `aligned` mode: cut points fall on multiples of this, from the file's start. @default 4096 */
    align?: number;
    /** Normalized chunking level 0..3. @default 1 */
    normalization?: number;
    /** Gear-table seed; 0 is the plain table, so that chunks match across stores. @default 0 */
    seed?: number | bigint;
}
/** Options with every default resolved; what the kernel is configured from. */
export interface ChunkerParams {
    readonly mode: ChunkingMode;
    readonly min: number;
    readonly avg: number;
    readonly max: number;
    readonly align: number;
    readonly normalization: number;
    readonly seed: bigint;
}
export declare const DEFAULT_CHUNKER_PARAMS: ChunkerParams;
export declare const MIN_BOUNDS: {
    readonly low: 64;
    readonly high: number;
};
export declare const AVG_BOUNDS: {
    readonly low: 256;
    readonly high: number;
};
export declare const MAX_BOUNDS: {
    readonly low: 1024;
    readonly high: number;
};
export declare const ALIGN_BOUNDS: {
    readonly low: 64;
    readonly high: number;
};
/** Resolves defaults into a new object (the caller's options are never written) and validates. */
export declare function resolveChunkerParams(options?: ChunkerOptions): ChunkerParams;
/**
 * What fixes a store's cut points: two chunkers with equal identities cut every input at the
 * same offsets. `version` changes whenever a cut rule changes.
 */
export interface ChunkerIdentity {
    readonly algorithm: 'cairn-aligned' | 'fastcdc-v2020' | 'fixed' | 'file';
    readonly version: 1;
    readonly min: number;
    readonly avg: number;
    readonly max: number;
    readonly align: number;
    readonly normalization: number;
    /** Decimal string: a u64 does not fit a JSON number. */
    readonly seed: string;
}
export declare function chunkerIdentity(params: ChunkerParams): ChunkerIdentity;
/** A one-line form of the identity, e.g. for messages and `cairn chunk`. */
export declare function formatChunkerIdentity(id: ChunkerIdentity): string;
export declare function sameChunkerIdentity(a: ChunkerIdentity, b: ChunkerIdentity): boolean;
