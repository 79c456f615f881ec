/**
 * Where each version's units go. Two ways (docs/relayer.md):
 * - from the whole history (`HistoryAssignment`): every version's units are read once to
 *   learn each unit's change history, the plan (plan.ts) fixes one layer per unit for every
 *   version, so a unit stays in its layer in every version and a layer changes only in the
 *   upgrades its units change in;
 * - continuing a prior re-layered image (`PriorAssignment`): a unit that did not change keeps
 *   the prior's layer; a changed or new unit goes to the hot layer (made on top if the prior
 *   has none and the budget allows, else the top layer).
 */
import type { ByteString } from '../rootfs/index.js';
import { bitWords, planLayers, type LayerRole, type Plan, type UnitHistory } from './plan.js';
import type { Unit } from './units.js';

export interface Assignment {
  /** Layer roles, bottom first. */
  roles: LayerRole[];
  /** The layer index of each unit of a version (called once per version, in order). */
  place(units: readonly Unit[]): number[];
}

/** Gathers change histories version by version, then plans. */
export class HistoryCollector {
  readonly #histories = new Map<ByteString, UnitHistory & { signature: string; seenAt: number }>();
  #version = -1;

  constructor(private readonly versions: number) {}

  add(units: readonly Unit[]): void {
    const v = ++this.#version;
    const words = bitWords(this.versions - 1);
    const mark = (h: { changes: Uint32Array }, t: number) => {
      h.changes[t >>> 5] = (h.changes[t >>> 5]! | (1 << (t & 31))) >>> 0;
    };
    for (const unit of units) {
      const bytes = unit.bytes + 512 * unit.entries.length;
      let h = this.#histories.get(unit.key);
      if (!h) {
        this.#histories.set(unit.key, (h = { key: unit.key, changes: new Uint32Array(words), bytes, signature: unit.signature, seenAt: v }));
        if (v > 0) mark(h, v - 1);
        continue;
      }
      if (v > 0 && (h.seenAt !== v - 1 || h.signature !== unit.signature)) mark(h, v - 1);
      h.signature = unit.signature;
      h.seenAt = v;
      h.bytes = Math.max(h.bytes, bytes);
    }
    if (v > 0) for (const h of this.#histories.values()) if (h.seenAt === v - 1) mark(h, v - 1);
  }

  histories(): UnitHistory[] {
    return [...this.#histories.values()];
  }
}

export class HistoryAssignment implements Assignment {
  readonly roles: LayerRole[];

  constructor(readonly plan: Plan) {
    this.roles = plan.layers.map((l) => l.role);
  }

  place(units: readonly Unit[]): number[] {
    return units.map((u) => this.plan.layerOf.get(u.key)!);
  }
}

export class PriorAssignment implements Assignment {
  readonly roles: LayerRole[];
  #layerOf: Map<ByteString, number>;
  #signatures: Map<ByteString, string>;
  readonly #hot: number;

  /** `prior`: the prior image's units and the layer each is in; `roles`: its layers' roles. */
  constructor(prior: readonly { unit: Unit; layer: number }[], roles: readonly LayerRole[], maxLayers: number) {
    this.roles = [...roles];
    this.#layerOf = new Map(prior.map((p) => [p.unit.key, p.layer]));
    this.#signatures = new Map(prior.map((p) => [p.unit.key, p.unit.signature]));
    let hot = this.roles.lastIndexOf('hot');
    if (hot < 0) {
      if (this.roles.length < maxLayers) this.roles.push('hot');
      hot = this.roles.length - 1;
    }
    this.#hot = hot;
  }

  place(units: readonly Unit[]): number[] {
    const placed = units.map((u) => {
      const layer = this.#layerOf.get(u.key);
      return layer !== undefined && this.#signatures.get(u.key) === u.signature ? layer : this.#hot;
    });
    this.#layerOf = new Map(units.map((u, i) => [u.key, placed[i]!]));
    this.#signatures = new Map(units.map((u) => [u.key, u.signature]));
    return placed;
  }
}

export { planLayers };
