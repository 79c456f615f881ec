import type { BigIntStats } from 'node:fs';
import type { Store } from '../store/index.js';
/** Wider than any common file system's timestamp granularity (FAT's 2 s included). */
export declare const RACY_WINDOW_NS = 2000000000n;
/** What an input looked like when read: comparable across ingests. */
export interface InputFingerprint {
    /** The input's real path. */
    readonly input: string;
    /** sha256 over the tar headers and each file's stat tuple. */
    readonly digest: string;
    /** A file changed too close to the walk for its times to be trusted: never recorded. */
    readonly racy: boolean;
}
/** Builds a fingerprint: headers and file stats are added in tar order. */
export declare class FingerprintBuilder {
    #private;
    readonly input: string;
    /** `startedNs`: wall-clock time taken before the first stat. */
    constructor(input: string, startedNs?: bigint);
    header(bytes: Uint8Array): void;
    file(stats: BigIntStats): void;
    finish(): InputFingerprint;
}
/** A lone layer tar's fingerprint: its stat tuple (a changed file never matches; see the top). */
export declare function fileFingerprint(path: string): Promise<InputFingerprint>;
export declare function nowNs(): bigint;
/** The DiffID recorded for an input with this very fingerprint, if any (never for a racy one). */
export declare function cachedDiffId(storeDir: string, fingerprint: InputFingerprint): Promise<string | undefined>;
/**
 * Records the DiffID an input gave, once the ingest that read it has committed. Racy
 * fingerprints are not recorded; failures are ignored (the cache only saves time).
 */
export declare function rememberDiffId(storeDir: string, fingerprint: InputFingerprint, diffId: string): Promise<void>;
/**
 * The layer an input gave last time, if its fingerprint is unchanged and the store still holds
 * that layer's recipe (else undefined: the input is read).
 */
export declare function knownLayer(store: Store, fingerprint: InputFingerprint): Promise<{
    diffId: string;
    tarBytes: number;
} | undefined>;
