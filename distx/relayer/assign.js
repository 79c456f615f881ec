import { bitWords, planLayers } from './plan.js';
/** Gathers change histories version by version, then plans. */
export class HistoryCollector {
    versions;
    #histories = new Map();
    #version = -1;
    constructor(versions) {
        this.versions = versions;
    }
    add(units) {
        const v = ++this.#version;
        const words = bitWords(this.versions - 1);
        const mark = (h, t) => {
            h.changes[t >>> 5] = (h.changes[t >>> 5] | (1 << (t & 31))) >>> 0;
        };
        for (const unit of units) {
            const bytes = unit.bytes + 512 * unit.entries.length;
            let h = this.#histories.get(unit.key);
            if (!h) {
                this.#histories.set(unit.key, (h = { key: unit.key, changes: new Uint32Array(words), bytes, signature: unit.signature, seenAt: v }));
                if (v > 0)
                    mark(h, v - 1);
                continue;
            }
            if (v > 0 && (h.seenAt !== v - 1 || h.signature !== unit.signature))
                mark(h, v - 1);
            h.signature = unit.signature;
            h.seenAt = v;
            h.bytes = Math.max(h.bytes, bytes);
        }
        if (v > 0)
            for (const h of this.#histories.values())
                if (h.seenAt === v - 1)
                    mark(h, v - 1);
    }
    histories() {
        return [...this.#histories.values()];
    }
}
export class HistoryAssignment {
    plan;
    roles;
    constructor(plan) {
        this.plan = plan;
        this.roles = plan.layers.map((l) => l.role);
    }
    place(units) {
        return units.map((u) => this.plan.layerOf.get(u.key));
    }
}
export class PriorAssignment {
    roles;
    #layerOf;
    #signatures;
    #hot;
    /** `prior`: the prior image's units and the layer each is in; `roles`: its layers' roles. */
    constructor(prior, roles, maxLayers) {
        this.roles = [...roles];
        this.#layerOf = new Map(prior.map((p) => [p.unit.key, p.layer]));
        this.#signatures = new Map(prior.map((p) => [p.unit.key, p.unit.signature]));
        let hot = this.roles.lastIndexOf('hot');
        if (hot < 0) {
            if (this.roles.length < maxLayers)
                this.roles.push('hot');
            hot = this.roles.length - 1;
        }
        this.#hot = hot;
    }
    place(units) {
        const placed = units.map((u) => {
            const layer = this.#layerOf.get(u.key);
            return layer !== undefined && this.#signatures.get(u.key) === u.signature ? layer : this.#hot;
        });
        this.#layerOf = new Map(units.map((u, i) => [u.key, placed[i]]));
        this.#signatures = new Map(units.map((u) => [u.key, u.signature]));
        return placed;
    }
}
export { planLayers };
//# sourceMappingURL=assign.js.map