import type { ByteString } from '../rootfs/index.js';
import type { VersionTree } from './read-version.js';
/** A regular file's payload: the file recipe (64 hex) and its length. */
export interface Payload {
    digest: string;
    length: number;
}
export interface UnitEntry {
    framing: Buffer;
    payload?: Payload;
}
export interface Unit {
    key: ByteString;
    /** Every name (one, or several hard links), in byte order. */
    paths: ByteString[];
    entries: UnitEntry[];
    /** Bytes of file content. */
    bytes: number;
    /** Hex sha256 of the framing and payload digests, in order. */
    signature: string;
}
/** The units of a version, sorted by key (byte order). */
export declare function versionUnits(version: VersionTree): Unit[];
/** The layer tar's pieces for units (already in key order): framing and payload references. */
export declare function unitPieces(units: readonly Unit[]): Generator<{
    framing: Buffer;
} | {
    payload: Payload;
}>;
