/**
 * `analyze`: what-if figures for inputs that are not in any store. Every input the ingest
 * accepts is read the way ingest reads it (ingest/sources.ts), cut into the same recipe
 * pieces (ingest/layer-parts.ts), and measured (measure.ts); nothing is written. A layer met
 * twice (same DiffID) is read once; a directory or lone layer tar becomes the one-layer image
 * ingest would make of it, with the same manifest digest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { openStore } from '../store/index.js';
import { sha256Digest } from '../digest.js';
import { ingest, layerPieces, openImageSources, singleLayerImageBlobs, sourceNames } from '../ingest/index.js';
import { priceBundles } from './bundle-price.js';
import { computeReport } from './figures.js';
import { Measurer } from './measure.js';
import { measureOptions } from './settings.js';
function layerInput(layer) {
    return { diffId: layer.diffId, blob: layer.blob, what: layer.what, verify: true, pieces: () => layerPieces(layer.parts()) };
}
/** Measures every image the paths hold; no store is opened. */
export async function analyze(paths, options = {}) {
    if (paths.length === 0)
        throw new BadInputError('nothing to analyze: give at least one path');
    const measurer = new Measurer(measureOptions(options.chunker ?? {}, options));
    try {
        for await (const image of openImageSources(paths, { name: options.name, signal: options.signal, onWarning: options.onWarning })) {
            const layers = image.layers.map(layerInput);
            let manifest = image.manifest?.digest;
            if (manifest === undefined) {
                const layer = await measurer.measureLayer(layers[0]);
                manifest = sha256Digest(singleLayerImageBlobs(layer).manifest);
                layers[0] = { ...layers[0], diffId: layer.diffId };
            }
            const { names } = sourceNames(image, options.onWarning);
            const measured = await measurer.addImage({ manifest, names, kind: image.kind, path: image.path, layers });
            options.onProgress?.({ type: 'report:image', label: measured.names[0] ?? manifest });
        }
    }
    catch (error) {
        await measurer.close();
        throw error;
    }
    await measurer.finish();
    const report = computeReport(measurer, { command: 'analyze', upgrades: options.upgrades ?? [] });
    if (options.bundles !== false && report.upgrades.length > 0)
        await priceInScratchStore(paths, report, options);
    return report;
}
/** Bundles need a store: the inputs are ingested into a temporary one, removed afterwards. */
async function priceInScratchStore(paths, report, options) {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-analyze-'));
    try {
        const store = await openStore(dir, { chunker: options.chunker ?? {} });
        try {
            await ingest(store, paths, { name: options.name, signal: options.signal });
            await priceBundles(store, report, options);
        }
        finally {
            await store.close();
        }
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}
//# sourceMappingURL=analyze.js.map