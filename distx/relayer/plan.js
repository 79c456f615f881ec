/** Base layers are split only into parts of at least this many bytes. */
const BASE_PART_BYTES = 32 << 20;
/** At most this many base layers. */
const MAX_BASE_LAYERS = 8;
export function bitWords(transitions) {
    return Math.max(1, Math.ceil(transitions / 32));
}
function popcount(words) {
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
function countMissing(a, b) {
    let n = 0;
    for (let i = 0; i < a.length; i++) {
        let w = (a[i] & ~b[i]) >>> 0;
        while (w !== 0) {
            w &= w - 1;
            n++;
        }
    }
    return n;
}
function mergeCost(a, b) {
    return a.bytes * countMissing(b.changes, a.changes) + b.bytes * countMissing(a.changes, b.changes);
}
function byKey(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** The first two components of a path: where the base may be cut. */
function topDirectory(key) {
    const parts = key.split('/');
    return parts.slice(0, Math.min(2, parts.length - 1)).join('/');
}
/** Splits sorted keys into at most `count` runs of similar bytes, cutting only where the top directory changes. */
function splitByDirectory(keys, bytesOf, count) {
    if (count <= 1)
        return [keys];
    const total = keys.reduce((s, k) => s + bytesOf(k), 0);
    const target = total / count;
    const runs = [[]];
    let size = 0;
    for (const key of keys) {
        const run = runs[runs.length - 1];
        const previous = run[run.length - 1];
        if (size >= target && runs.length < count && previous !== undefined && topDirectory(previous) !== topDirectory(key)) {
            runs.push([]);
            size = 0;
        }
        runs[runs.length - 1].push(key);
        size += bytesOf(key);
    }
    return runs;
}
/** The layers for units with these histories over `transitions` upgrades, at most `maxLayers`. */
export function planLayers(histories, transitions, maxLayers) {
    const byHistory = new Map();
    const bytes = new Map();
    for (const h of histories) {
        bytes.set(h.key, h.bytes);
        const id = Array.from(h.changes, (w) => w.toString(16)).join(',');
        let group = byHistory.get(id);
        if (!group)
            byHistory.set(id, (group = { changes: h.changes.slice(), count: popcount(h.changes), keys: [], bytes: 0 }));
        group.keys.push(h.key);
        group.bytes += h.bytes;
    }
    const groups = [...byHistory.values()];
    for (const g of groups)
        g.keys.sort(byKey);
    groups.sort((a, b) => a.bytes - b.bytes || byKey(a.keys[0], b.keys[0]));
    while (groups.length > maxLayers) {
        // The smallest group joins the group it costs least to merge with.
        const small = groups.shift();
        let best = 0;
        let bestCost = Infinity;
        for (let i = 0; i < groups.length; i++) {
            const cost = mergeCost(small, groups[i]);
            if (cost < bestCost) {
                bestCost = cost;
                best = i;
            }
        }
        const into = groups.splice(best, 1)[0];
        for (let i = 0; i < into.changes.length; i++)
            into.changes[i] = (into.changes[i] | small.changes[i]) >>> 0;
        into.count = popcount(into.changes);
        for (const key of small.keys)
            into.keys.push(key);
        into.bytes += small.bytes;
        let at = groups.findIndex((g) => g.bytes > into.bytes || (g.bytes === into.bytes && byKey(g.keys[0], into.keys[0]) > 0));
        if (at < 0)
            at = groups.length;
        groups.splice(at, 0, into);
    }
    for (const g of groups)
        g.keys.sort(byKey);
    groups.sort((a, b) => a.count - b.count || b.bytes - a.bytes || byKey(a.keys[0], b.keys[0]));
    const layers = [];
    for (const group of groups) {
        const role = group.count === 0 ? 'base' : transitions > 0 && group.count === transitions ? 'hot' : 'changing';
        if (role === 'base') {
            const spare = maxLayers - groups.length + 1;
            const parts = Math.max(1, Math.min(spare, MAX_BASE_LAYERS, Math.floor(group.bytes / BASE_PART_BYTES)));
            for (const keys of splitByDirectory(group.keys, (k) => bytes.get(k), parts))
                layers.push({ role, keys, changes: 0 });
        }
        else {
            layers.push({ role, keys: group.keys, changes: group.count });
        }
    }
    const layerOf = new Map();
    for (const [index, layer] of layers.entries())
        for (const key of layer.keys)
            layerOf.set(key, index);
    return { layers, layerOf };
}
//# sourceMappingURL=plan.js.map