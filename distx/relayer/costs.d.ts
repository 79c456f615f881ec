/**
 * What an upgrade pulls, priced as the report prices a layer pull: each layer of the new
 * version that the old one lacks costs its registry blob — the original compressed blob when
 * the image came with one, else gzip -6 of the tar. The ideal is each new or changed file
 * gzip-compressed alone (-6), each distinct content once.
 */
import type { ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import type { Unit } from './units.js';
export interface PullCost {
    /** Layers of the new version. */
    layers: number;
    /** Of those, layers the old version lacks. */
    newLayers: number;
    bytes: number;
}
export declare class Pricer {
    #private;
    private readonly store;
    constructor(store: Store);
    /** The pull of `to` by a client holding `from` (original images). */
    originalPull(from: ImageRecord, to: ImageRecord): Promise<PullCost>;
    /** gzip -6 of each distinct new or changed file of `units` (`before`: the old version's signatures by key). */
    ideal(units: readonly Unit[], before: ReadonlyMap<string, string>): Promise<{
        files: number;
        bytes: number;
    }>;
}
