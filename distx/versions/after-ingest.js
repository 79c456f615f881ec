import { storeVersionDeltas } from './store-deltas.js';
/** Runs the versions pass over freshly ingested images; returns the totals. */
export async function deltasAfterIngest(store, images, options = {}) {
    const total = { files: 0, fileBytes: 0, deltaBytes: 0, chunkBytes: 0, refused: 0, seconds: 0 };
    const byImage = new Map();
    for (const { name, manifest } of images)
        if (name !== null)
            byImage.set(manifest, [...(byImage.get(manifest) ?? []), name]);
    try {
        for (const [manifest, names] of byImage) {
            const r = await storeVersionDeltas(store, manifest, names, options);
            for (const key of Object.keys(total))
                total[key] += r[key];
        }
    }
    catch (error) {
        await store.abort();
        options.onWarning?.(`versions were not stored as deltas: ${error.message}`);
    }
    return total;
}
//# sourceMappingURL=after-ingest.js.map