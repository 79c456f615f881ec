import { planLayers, type LayerRole, type Plan, type UnitHistory } from './plan.js';
import type { Unit } from './units.js';
export interface Assignment {
    /** Layer roles, bottom first. */
    roles: LayerRole[];
    /** The layer index of each unit of a version (called once per version, in order). */
    place(units: readonly Unit[]): number[];
}
/** Gathers change histories version by version, then plans. */
export declare class HistoryCollector {
    #private;
    private readonly versions;
    constructor(versions: number);
    add(units: readonly Unit[]): void;
    histories(): UnitHistory[];
}
export declare class HistoryAssignment implements Assignment {
    readonly plan: Plan;
    readonly roles: LayerRole[];
    constructor(plan: Plan);
    place(units: readonly Unit[]): number[];
}
export declare class PriorAssignment implements Assignment {
    #private;
    readonly roles: LayerRole[];
    /** `prior`: the prior image's units and the layer each is in; `roles`: its layers' roles. */
    constructor(prior: readonly {
        unit: Unit;
        layer: number;
    }[], roles: readonly LayerRole[], maxLayers: number);
    place(units: readonly Unit[]): number[];
}
export { planLayers };
