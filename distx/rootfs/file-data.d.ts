import { type SparseRegion, type TarHeader } from '../tar/index.js';
/**
 * Where a file's bytes go: `bytes` belongs at `position` in the file. It may keep `bytes`
 * (the tar reader never reuses a buffer) and return a promise to slow the reading down.
 */
export type PlaceBytes = (bytes: Uint8Array, position: number) => void | Promise<void>;
/** What the data turned out to be. */
export interface PlacedData {
    /** Bytes of entry data read (the payload). */
    payloadSize: number;
    /** Size of the file: the real size for a sparse file. */
    size: number;
    sparse?: {
        map: SparseRegion[];
        realSize: number;
        dataOffset: number;
    };
}
/**
 * Reads all of an entry's `data`, handing every piece to `onPayload` as it comes (for a
 * digest) and each byte of content to `place` at its position. Throws BadInputError naming
 * the entry when a sparse map does not match the data.
 */
export declare function placeFileData(header: TarHeader, data: AsyncIterable<Uint8Array>, place: PlaceBytes, onPayload?: (piece: Uint8Array) => void): Promise<PlacedData>;
/**
 * The content of a sparse file from its payload: holes as zeros, regions from the payload
 * (after `dataOffset` bytes of map). Yields pieces of at most `zeroChunk` bytes of zeros.
 */
export declare function expandSparse(payload: AsyncIterable<Uint8Array>, sparse: {
    map: readonly SparseRegion[];
    realSize: number;
    dataOffset: number;
}, zeroChunk?: number): AsyncGenerator<Uint8Array>;
