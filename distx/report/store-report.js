/**
 * `report`: the figures of `analyze` for images already in a store. Each layer is rebuilt
 * from its recipe (framing verbatim, files read back from their chunks, every chunk checked
 * against its digest) and measured like any input, with the store's own chunker sizes; the
 * primary mode is the store's mode. The store is only read.
 *
 * Images are those named on the command line (names, digests, unique prefixes), else every
 * image in the store: named ones ordered by repository, then tag as a version, then unnamed
 * ones by digest.
 */
import { DIGEST_PREFIX } from '../digest.js';
import { priceBundles } from './bundle-price.js';
import { computeReport } from './figures.js';
import { Measurer } from './measure.js';
import { measureOptions } from './settings.js';
import { priceRelayered } from './relayered-price.js';
import { compareTags, splitName } from './upgrades.js';
async function* recipePieces(store, diffId) {
    const recipe = await store.getLayerRecipe(diffId);
    for await (const segment of recipe.segments) {
        if (segment.kind === 'framing')
            yield { kind: 'framing', bytes: segment.bytes };
        else
            yield { kind: 'file', data: store.readFile(segment.digest), length: segment.length, digest: DIGEST_PREFIX + segment.digest };
    }
}
function compareNames(a, b) {
    const x = splitName(a);
    const y = splitName(b);
    if (x.repository !== y.repository)
        return x.repository < y.repository ? -1 : 1;
    return compareTags(x.tag ?? '', y.tag ?? '');
}
/** Measures images of an open store. */
export async function reportStore(store, options = {}) {
    const measurer = new Measurer(measureOptions(store.chunkerParams, options));
    try {
        await measureImages(store, measurer, options);
    }
    catch (error) {
        await measurer.close();
        throw error;
    }
    await measurer.finish();
    const report = computeReport(measurer, { command: 'report', upgrades: options.upgrades ?? [] });
    await priceRelayered(store, report);
    if (options.bundles !== false)
        await priceBundles(store, report, options);
    const stats = await store.stats();
    report.store = {
        dir: store.dir,
        packBytes: stats.packBytes,
        chunks: stats.objects['chunk'] ?? 0,
        files: stats.objects['file recipe'] ?? 0,
        layers: stats.objects['layer recipe'] ?? 0,
        images: stats.objects['image'] ?? 0,
    };
    return report;
}
async function measureImages(store, measurer, options) {
    const allNames = await store.listNames();
    const namesOf = (manifest) => allNames.filter((n) => n.image === manifest).map((n) => n.name).sort(compareNames);
    let manifests;
    if (options.images && options.images.length > 0) {
        manifests = [];
        for (const ref of options.images) {
            const manifest = await store.resolveImage(ref);
            if (!manifests.includes(manifest))
                manifests.push(manifest);
        }
    }
    else {
        const named = [...allNames].sort((a, b) => compareNames(a.name, b.name)).map((n) => n.image);
        const all = (await store.listImageDigests()).sort();
        manifests = [...new Set([...named, ...all])];
    }
    for (const manifest of manifests) {
        const record = await store.getImage(manifest);
        const madeByCairn = record.source === 'directory' || record.source === 'layer-tar';
        const layers = record.layers.map((l) => ({
            diffId: l.diffId,
            // Images cairn made itself list their tar as the blob; analyze knows no blob for them.
            blob: madeByCairn ? undefined : { digest: l.digest, size: l.size, mediaType: l.mediaType },
            what: `layer ${l.diffId}`,
            verify: false,
            pieces: () => recipePieces(store, l.diffId),
        }));
        const names = namesOf(manifest);
        await measurer.addImage({ manifest, names, kind: record.source, layers });
        options.onProgress?.({ type: 'report:image', label: names[0] ?? manifest });
    }
}
//# sourceMappingURL=store-report.js.map