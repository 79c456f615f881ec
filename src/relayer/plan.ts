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

/** Base layers are split only into parts of at least this many bytes. */
const BASE_PART_BYTES = 32 << 20;
/** At most this many base layers. */
const MAX_BASE_LAYERS = 8;

interface Group {
  changes: Uint32Array;
  count: number;
  keys: ByteString[];
  bytes: number;
}

export function bitWords(transitions: number): number {
  return Math.max(1, Math.ceil(transitions / 32));
}

function popcount(words: Uint32Array): number {
  let n = 0;
  for (let w of words) {
    while (w !== 0) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}

/** Bits of `a` not in `b`. */
function countMissing(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    let w = (a[i]! & ~b[i]!) >>> 0;
    while (w !== 0) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}

function mergeCost(a: Group, b: Group): number {
  return a.bytes * countMissing(b.changes, a.changes) + b.bytes * countMissing(a.changes, b.changes);
}

function byKey(a: ByteString, b: ByteString): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first two components of a path: where the base may be cut. */
function topDirectory(key: ByteString): ByteString {
  const parts = key.split('/');
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/');
}

/** Splits sorted keys into at most `count` runs of similar bytes, cutting only where the top directory changes. */
function splitByDirectory(keys: ByteString[], bytesOf: (key: ByteString) => number, count: number): ByteString[][] {
  if (count <= 1) return [keys];
  const total = keys.reduce((s, k) => s + bytesOf(k), 0);
  const target = total / count;
  const runs: ByteString[][] = [[]];
  let size = 0;
  for (const key of keys) {
    const run = runs[runs.length - 1]!;
    const previous = run[run.length - 1];
    if (size >= target && runs.length < count && previous !== undefined && topDirectory(previous) !== topDirectory(key)) {
      runs.push([]);
      size = 0;
    }
    runs[runs.length - 1]!.push(key);
    size += bytesOf(key);
  }
  return runs;
}

/** The layers for units with these histories over `transitions` upgrades, at most `maxLayers`. */
export function planLayers(histories: readonly UnitHistory[], transitions: number, maxLayers: number): Plan {
  const byHistory = new Map<string, Group>();
  const bytes = new Map<ByteString, number>();
  for (const h of histories) {
    bytes.set(h.key, h.bytes);
    const id = Array.from(h.changes, (w) => w.toString(16)).join(',');
    let group = byHistory.get(id);
    if (!group) byHistory.set(id, (group = { changes: h.changes.slice(), count: popcount(h.changes), keys: [], bytes: 0 }));
    group.keys.push(h.key);
    group.bytes += h.bytes;
  }
  const groups = [...byHistory.values()];
  for (const g of groups) g.keys.sort(byKey);
  groups.sort((a, b) => a.bytes - b.bytes || byKey(a.keys[0]!, b.keys[0]!));
  while (groups.length > maxLayers) {
    // The smallest group joins the group it costs least to merge with.
    const small = groups.shift()!;
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i < groups.length; i++) {
      const cost = mergeCost(small, groups[i]!);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    const into = groups.splice(best, 1)[0]!;
    for (let i = 0; i < into.changes.length; i++) into.changes[i] = (into.changes[i]! | small.changes[i]!) >>> 0;
    into.count = popcount(into.changes);
    for (const key of small.keys) into.keys.push(key);
    into.bytes += small.bytes;
    let at = groups.findIndex((g) => g.bytes > into.bytes || (g.bytes === into.bytes && byKey(g.keys[0]!, into.keys[0]!) > 0));
    if (at < 0) at = groups.length;
    groups.splice(at, 0, into);
  }
  for (const g of groups) g.keys.sort(byKey);
  groups.sort((a, b) => a.count - b.count || b.bytes - a.bytes || byKey(a.keys[0]!, b.keys[0]!));

  const layers: PlannedLayer[] = [];
  for (const group of groups) {
    const role: LayerRole = group.count === 0 ? 'base' : transitions > 0 && group.count === transitions ? 'hot' : 'changing';
    if (role === 'base') {
      const spare = maxLayers - groups.length + 1;
      const parts = Math.max(1, Math.min(spare, MAX_BASE_LAYERS, Math.floor(group.bytes / BASE_PART_BYTES)));
      for (const keys of splitByDirectory(group.keys, (k) => bytes.get(k)!, parts)) layers.push({ role, keys, changes: 0 });
    } else {
      layers.push({ role, keys: group.keys, changes: group.count });
    }
  }
  const layerOf = new Map<ByteString, number>();
  for (const [index, layer] of layers.entries()) for (const key of layer.keys) layerOf.set(key, index);
  return { layers, layerOf };
}
