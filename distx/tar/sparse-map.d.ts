/** One region of a sparse file that holds data. */
export interface SparseRegion {
    offset: number;
    length: number;
}
/** The map of a sparse entry, as `TarHeader.sparse` reports it. */
export interface SparseInfo {
    /** Size of the file once its holes are restored. */
    realSize: number;
    /** Regions holding data, in order; empty when `mapInData` (PAX 1.0). */
    map: SparseRegion[];
    /** PAX 1.0: the map is at the start of the entry's data; read it with `readSparseMapFromData`. */
    mapInData?: boolean;
}
/**
 * Reads `count` old-GNU sparse entries starting at `offset` of a block, stopping early at an
 * entry whose offset field begins with NUL (the rule of GNU, BSD and Go tar).
 */
export declare function readOldGnuSparseEntries(block: Uint8Array, offset: number, count: number): SparseRegion[];
/** The map of a PAX 0.0/0.1 sparse entry from its GNU.sparse.numblocks and GNU.sparse.map values. */
export declare function parsePaxSparseMap(numBlocks: string, map: string): SparseRegion[];
/** Throws BadInputError unless the regions are non-negative, in order, disjoint and within realSize. */
export declare function validateSparseMap(map: readonly SparseRegion[], realSize: number): void;
/** Where the PAX 1.0 sparse map ends and the file's data regions begin. */
export interface SparseMapInData {
    map: SparseRegion[];
    /** Bytes the map occupies at the start of the entry's data: a multiple of 512. */
    dataOffset: number;
}
/** Default cap on the bytes a PAX 1.0 map may occupy. */
export declare const DEFAULT_MAX_SPARSE_MAP_BYTES: number;
/**
 * Reads the PAX 1.0 sparse map from the first bytes of an entry's data (the payload
 * `splitTar` yields for a header whose `sparse.mapInData` is set).
 *
 * Pass the data read so far; the result is undefined while `prefix` does not yet hold the
 * whole map (read more and call again), else the map and the offset at which the data
 * regions begin. Throws BadInputError when the map is malformed, does not fit `realSize`,
 * or is still incomplete after `maxMapBytes` (default 1 MiB) — that bound is what keeps a
 * hostile map from growing without end.
 */
export declare function readSparseMapFromData(prefix: Uint8Array, realSize: number, maxMapBytes?: number): SparseMapInData | undefined;
