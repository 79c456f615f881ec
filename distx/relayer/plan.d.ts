/**
 * Which layer each unit goes to, from the units' change histories (docs/relayer.md).
 *
 * A unit's history is the set of upgrades (consecutive version pairs) in which it changed:
 * appeared, disappeared, or wrote different bytes. Units with the same history form a group;
 * a layer made of one group changes in exactly the upgrades its units change in, so an
 * upgrade pulls only layers of files that changed in it. Groups:
 * - empty history: the base, split by directory into a few layers of similar size;
 * - changed in every upgrade: the hot layer, on top;
 * - the rest: one layer per history, coldest lowest.
 * When there are more groups than the layer budget allows, the two groups whose merge costs
 * least are merged, repeatedly: the cost of merging A and B is what the merged layer re-sends
 * that the separate layers would not, bytes(A) × |h(B) \ h(A)| + bytes(B) × |h(A) \ h(B)|.
 * Large files that change now and then thus stay alone (merging them is expensive), small
 * ones join the group whose history is nearest.
 */
import type { ByteString } from '../rootfs/index.js';
export type LayerRole = 'base' | 'changing' | 'hot';
export interface UnitHistory {
    key: ByteString;
    /** Bit t set: the unit changed in upgrade t (version t → t + 1). */
    changes: Uint32Array;
    /** Largest content bytes seen, plus a header block. */
    bytes: number;
}
export interface PlannedLayer {
    role: LayerRole;
    /** Units' keys, in byte order. */
    keys: ByteString[];
    /** Upgrades this layer's units change in (the union of their histories). */
    changes: number;
}
export interface Plan {
    layers: PlannedLayer[];
    layerOf: Map<ByteString, number>;
}
export declare function bitWords(transitions: number): number;
/** The layers for units with these histories over `transitions` upgrades, at most `maxLayers`. */
export declare function planLayers(histories: readonly UnitHistory[], transitions: number, maxLayers: number): Plan;
