/**
 * The price of each upgrade as an upgrade bundle: src/bundle's writeBundle run for TO against
 * FROM into a sink that only counts bytes, so the figure is the size of the file `cairn bundle
 * TO --from FROM` writes (same per-file choices, same encoding), and nothing is written.
 */
import { Writable } from 'node:stream';
import { writeBundle } from '../bundle/index.js';
import { AbortedError } from '../errors.js';
/** A writable that drops what it is given. */
function nowhere() {
    return new Writable({ write(_chunk, _encoding, done) { done(); } });
}
/** Sets bundleBytes and bundleShare of every upgrade; `store` holds every image of the report. */
export async function priceBundles(store, report, options) {
    const manifestOf = new Map(report.images.map((i) => [i.label, i.manifest]));
    for (const upgrade of report.upgrades) {
        if (options.signal?.aborted)
            throw new AbortedError(options.signal.reason);
        options.onProgress?.({ type: 'report:bundle', from: upgrade.from, to: upgrade.to });
        const from = manifestOf.get(upgrade.from);
        const to = manifestOf.get(upgrade.to);
        const made = await writeBundle(store, [to], { from: [from] }, nowhere());
        upgrade.bundleBytes = made.bytes;
        upgrade.bundleShare = upgrade.layerPullBytes > 0 ? made.bytes / upgrade.layerPullBytes : null;
    }
}
//# sourceMappingURL=bundle-price.js.map