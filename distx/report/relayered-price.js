/**
 * The "re-layered" price of an upgrade in `report`: what a registry pull costs when both
 * versions were re-layered by `cairn relayer` (docs/relayer.md) — the layers of the
 * re-layered new version that the re-layered old one lacks, each at gzip -6 of its tar, the
 * report's own price of an uncompressed layer's registry blob. Re-layered images are found in
 * the store by the `io.cairn.relayer` label of their config, which names the image each one
 * re-layers; when several runs re-layered both versions, the repository that sorts first is
 * used. Upgrades with no re-layered pair get no price (the field stays absent, as in `analyze`).
 */
import { layerGzipBytes, RELAYER_LABEL } from '../relayer/index.js';
import { splitName } from './upgrades.js';
/** Re-layered images by the manifest of the image they re-layer, each with its repositories. */
async function relayeredImages(store) {
    const names = await store.listNames();
    const out = new Map();
    for (const manifest of await store.listImageDigests()) {
        const record = await store.getImage(manifest);
        if (record.source !== 'relayer')
            continue;
        const config = JSON.parse((await store.getBlob(record.config)).toString('utf8'));
        const label = config.config?.Labels?.[RELAYER_LABEL];
        if (label === undefined)
            continue;
        const source = JSON.parse(label).source;
        if (typeof source !== 'string')
            continue;
        const repositories = names.filter((n) => n.image === manifest).map((n) => splitName(n.name).repository);
        if (!out.has(source))
            out.set(source, []);
        out.get(source).push({ record, repositories });
    }
    return out;
}
/** Sets `relayeredPullBytes` on each upgrade of a store report that has a re-layered pair (the others keep none). */
export async function priceRelayered(store, report) {
    if (report.upgrades.length === 0)
        return;
    const relayered = await relayeredImages(store);
    const manifestOf = new Map(report.images.map((i) => [i.label, i.manifest]));
    const gzip = new Map();
    for (const upgrade of report.upgrades) {
        const from = relayered.get(manifestOf.get(upgrade.from) ?? '') ?? [];
        const to = relayered.get(manifestOf.get(upgrade.to) ?? '') ?? [];
        const pairs = to.flatMap((b) => b.repositories.flatMap((repo) => from.filter((a) => a.repositories.includes(repo)).map((a) => ({ repo, a: a.record, b: b.record }))));
        pairs.sort((x, y) => (x.repo < y.repo ? -1 : x.repo > y.repo ? 1 : 0));
        const pair = pairs[0];
        if (!pair)
            continue;
        const have = new Set(pair.a.layers.map((l) => l.diffId));
        let bytes = 0;
        for (const layer of pair.b.layers) {
            if (have.has(layer.diffId))
                continue;
            have.add(layer.diffId);
            if (!gzip.has(layer.diffId))
                gzip.set(layer.diffId, await layerGzipBytes(store, layer.diffId));
            bytes += gzip.get(layer.diffId);
        }
        upgrade.relayeredPullBytes = bytes;
    }
}
//# sourceMappingURL=relayered-price.js.map