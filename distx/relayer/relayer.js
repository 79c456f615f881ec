/**
 * `cairn relayer`: for versions of one application, new images with the same root file
 * systems and layers that group files by change history (docs/relayer.md). Each version's
 * merged tree is read from the store (read-version.ts), cut into units (units.ts), placed by
 * the assignment (assign.ts), and every layer written as a recipe over the store's file
 * recipes (layer-writer.ts); nothing is extracted and no tar is written to disk. Everything
 * lands in one commit at the end, names included.
 */
import { BadInputError, BadParameterError } from '../errors.js';
import { parseImageName } from '../reference.js';
import { displayPath } from '../rootfs/index.js';
import { HistoryAssignment, HistoryCollector, PriorAssignment, planLayers } from './assign.js';
import { Pricer } from './costs.js';
import { readRelayerLabel, storeRelayeredImage } from './image-writer.js';
import { LayerWriter } from './layer-writer.js';
import { DEFAULT_MAX_LAYERS, MAX_LAYERS } from './limits.js';
import { readVersion } from './read-version.js';
import { versionUnits } from './units.js';
import { resolveVersions } from './versions.js';
export { DEFAULT_MAX_LAYERS, MAX_LAYERS } from './limits.js';
/** Units of every version are kept from the first reading below this many; above, versions are read again. */
const CACHED_UNITS = 400_000;
function checkOptions(options) {
    const max = options.maxLayers ?? DEFAULT_MAX_LAYERS;
    if (!Number.isInteger(max) || max < 1 || max > MAX_LAYERS)
        throw new BadParameterError('max-layers', `--max-layers must be an integer from 1 to ${MAX_LAYERS}, not ${max}`);
    if (parseImageName(options.name).tag !== undefined)
        throw new BadInputError(`--name ${options.name}: give a repository without a tag (each image takes its version's tag)`);
    return max;
}
/** What a layer's name in the history says: its role, the directory its paths share, its size. */
function describe(role, units) {
    const first = units[0].key;
    const last = units[units.length - 1].key;
    let common = 0;
    while (common < first.length && first[common] === last[common])
        common++;
    const dir = first.slice(0, common).replace(/[^/]*$/, '').replace(/\/$/, '');
    return `${role} /${displayPath(dir)} (${units.length} entr${units.length === 1 ? 'y' : 'ies'})`;
}
/** Reads versions, with a cache of their units while they stay small. */
class UnitSource {
    store;
    signal;
    #cache = [];
    #cached = 0;
    constructor(store, signal) {
        this.store = store;
        this.signal = signal;
    }
    async units(manifest, index) {
        const cached = this.#cache[index];
        if (cached)
            return cached;
        const units = versionUnits(await readVersion(this.store, manifest, this.signal));
        if (this.#cached + units.length <= CACHED_UNITS) {
            this.#cache[index] = units;
            this.#cached += units.length;
        }
        return units;
    }
}
/** The prior image's units, each with its layer (read layer by layer from its own layers' paths). */
async function priorAssignment(store, ref, maxLayers, writer) {
    const manifest = await store.resolveImage(ref);
    const record = await store.getImage(manifest);
    const label = await readRelayerLabel(store, record, ref);
    const units = versionUnits(await readVersion(store, manifest));
    const layerOfPath = new Map();
    for (const [index, layer] of record.layers.entries()) {
        await writer.seed(layer.diffId, layer.tarBytes);
        const single = versionUnits(await readVersion(store, manifest, undefined, index));
        for (const unit of single)
            for (const path of unit.paths)
                layerOfPath.set(path, index);
    }
    const placed = units.map((unit) => ({ unit, layer: layerOfPath.get(unit.key) ?? label.layers.length - 1 }));
    return { assignment: new PriorAssignment(placed, label.layers, maxLayers), record, source: label.source, units };
}
/** Re-layers `images` (versions of one application) into REPO:TAG images in `store`. */
export async function relayer(store, images, options) {
    const maxLayers = checkOptions(options);
    const versions = await resolveVersions(store, images);
    const source = new UnitSource(store, options.signal);
    const writer = new LayerWriter(store);
    const pricer = new Pricer(store);
    const progress = (type, version) => options.onProgress?.({ type, version, versions: versions.length });
    let assignment;
    let previous;
    const changeCounts = new Map();
    if (options.prior !== undefined) {
        const prior = await priorAssignment(store, options.prior, maxLayers, writer);
        assignment = prior.assignment;
        // The prior stands for the version before the first; its original (named in its label) prices the original pull.
        const original = await store.hasBlob(prior.source) ? await store.getImage(prior.source).catch(() => undefined) : undefined;
        previous = { original, relayered: prior.record, signatures: new Map(prior.units.map((u) => [u.key, u.signature])), label: options.prior };
    }
    else {
        const collector = new HistoryCollector(versions.length);
        for (const [index, version] of versions.entries()) {
            progress('relayer:read', index);
            collector.add(await source.units(version.manifest, index));
        }
        assignment = new HistoryAssignment(planLayers(collector.histories(), versions.length - 1, maxLayers));
    }
    const result = { repository: options.name, maxLayers, prior: options.prior ?? null, images: [], upgrades: [], totals: { originalBytes: 0, relayeredBytes: 0, idealBytes: 0 } };
    for (const [index, version] of versions.entries()) {
        progress('relayer:write', index);
        const units = await source.units(version.manifest, index);
        const original = await store.getImage(version.manifest);
        for (const unit of units) {
            if (previous && previous.signatures.get(unit.key) !== unit.signature)
                changeCounts.set(unit.key, (changeCounts.get(unit.key) ?? 0) + 1);
        }
        const placed = assignment.place(units);
        const { layers, image, record } = await writeVersion(store, writer, version, original, units, placed, assignment.roles, options.name, changeCounts);
        result.images.push(image);
        if (previous) {
            const relayered = await relayeredPull(writer, previous.relayered, record, layers);
            const upgrade = {
                from: previous.label,
                to: version.ref,
                original: previous.original ? await pricer.originalPull(previous.original, original) : null,
                relayered,
                ideal: await pricer.ideal(units, previous.signatures),
            };
            result.upgrades.push(upgrade);
            result.totals.originalBytes += upgrade.original?.bytes ?? 0;
            result.totals.relayeredBytes += upgrade.relayered.bytes;
            result.totals.idealBytes += upgrade.ideal.bytes;
        }
        previous = { original, relayered: record, signatures: new Map(units.map((u) => [u.key, u.signature])), label: version.ref };
    }
    await store.commit();
    return result;
}
async function relayeredPull(writer, from, to, layers) {
    const have = new Set(from?.layers.map((l) => l.diffId) ?? []);
    let bytes = 0;
    let newLayers = 0;
    for (const layer of layers) {
        if (have.has(layer.diffId))
            continue;
        have.add(layer.diffId);
        newLayers++;
        const gzip = layer.gzipBytes ?? (await writer.gzipBytes(layer.diffId));
        layer.gzipBytes = gzip;
        bytes += gzip;
    }
    return { layers: to.layers.length, newLayers, bytes };
}
async function writeVersion(store, writer, version, original, units, placed, roles, repository, changeCounts) {
    const byLayer = roles.map(() => []);
    for (const [i, unit] of units.entries())
        byLayer[placed[i]].push(unit);
    const layers = [];
    const newLayers = [];
    for (const [index, layerUnits] of byLayer.entries()) {
        if (layerUnits.length === 0)
            continue;
        const written = await writer.write(layerUnits);
        const role = roles[index];
        const description = describe(role, layerUnits);
        newLayers.push({ diffId: written.diffId, tarBytes: written.tarBytes, role, description });
        layers.push({
            diffId: written.diffId,
            role,
            description,
            entries: layerUnits.reduce((n, u) => n + u.paths.length, 0),
            tarBytes: written.tarBytes,
            gzipBytes: written.gzipBytes ?? null,
            reused: written.reused,
            files: layerUnits.flatMap((u) => u.paths.map((p) => ({ path: displayPath(p), bytes: u.bytes, changes: changeCounts.get(u.key) ?? 0 }))),
        });
    }
    const record = await storeRelayeredImage(store, original, newLayers);
    const name = `${repository}:${version.tag}`;
    await store.setNames([name], record.manifest);
    return { layers, image: { source: version.ref, sourceManifest: version.manifest, name, manifest: record.manifest, layers }, record };
}
//# sourceMappingURL=relayer.js.map