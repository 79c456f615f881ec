import { type ByteRange, type RangePart } from './ranges.js';
import type { ChunkRemote, Traffic, TrafficKind } from './remote.js';
export type RangeSupport = 'multi' | 'single' | 'none';
/** Ranges at most this far apart are fetched as one: a multipart part header costs about this much. */
export declare const MULTI_GAP = 256;
/** With single ranges each range is a request: merge more eagerly. */
export declare const SINGLE_GAP: number;
/** Ranges per request, and bytes per request, at most. */
export declare const RANGES_PER_REQUEST = 128;
export declare const BYTES_PER_REQUEST: number;
/** With single ranges only, a blob is fetched whole once the ranges wanted cover this share of it. */
export declare const WHOLE_SHARE = 0.75;
/** @internal forget what was learnt about registries (tests). */
export declare function forgetProbes(): void;
export interface BlobRef {
    digest: string;
    size: number;
}
export declare class RangeFetcher {
    #private;
    readonly remote: ChunkRemote;
    readonly traffic: Traffic;
    constructor(remote: ChunkRemote, traffic: Traffic);
    get support(): RangeSupport | undefined;
    /** A blob whole, checked against its digest; the registry's Range support is probed on the way if it is not known yet. */
    whole(blob: BlobRef, kind: TrafficKind): Promise<Buffer>;
    /**
     * The bytes of `ranges` of a blob, as parts that cover every range. Ranges are coalesced
     * and fetched in as few requests as the registry allows; the caller checks every object it
     * cuts from them against its digest.
     */
    ranges(blob: BlobRef, ranges: readonly ByteRange[], kind: TrafficKind): Promise<RangePart[]>;
    /** Removes the blobs kept whole. */
    close(): Promise<void>;
}
