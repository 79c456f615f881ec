/** Listings read from the index: digests of one kind, the images as `ls` shows them, and counts for stats. */
import { DIGEST_PREFIX } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import { listNames } from './names.js';
import { KIND_NAMES, OBJECT_RANGE, PACK_RANGE, decodePackSummary, kindPrefix, kindRange, parseObjectKey } from './keys.js';
/** `sha256:<hex>` of every object of one kind. */
export async function listDigests(db, kind) {
    const out = [];
    const prefix = kindPrefix(kind);
    for await (const key of db.keys(kindRange(kind)))
        out.push(DIGEST_PREFIX + key.slice(prefix.length));
    return out;
}
/**
 * Every stored image with its config, layers and names, in manifest digest order. An image's
 * record is read only when `known` (an earlier listing) does not have it: records are immutable.
 */
export async function imageListing(db, image, known = new Map()) {
    const names = new Map();
    for (const { name, image: manifest } of await listNames(db))
        names.set(manifest, [...(names.get(manifest) ?? []), name]);
    const out = [];
    for (const manifest of await listDigests(db, RecordKind.Image)) {
        let entry = known.get(manifest);
        if (!entry) {
            const record = await image(manifest.slice(DIGEST_PREFIX.length));
            entry = { manifest, config: record.config, layers: record.layers.map((l) => l.diffId), names: [] };
        }
        out.push({ manifest, config: entry.config, layers: entry.layers, names: names.get(manifest) ?? [] });
    }
    return out;
}
/** Counts of objects by kind and the bytes of packs on disk. */
export async function storeStats(db) {
    let packs = 0;
    let packBytes = 0;
    for await (const value of db.values(PACK_RANGE)) {
        packs++;
        packBytes += decodePackSummary(value).bytes;
    }
    const objects = {};
    for await (const key of db.keys(OBJECT_RANGE)) {
        const kind = KIND_NAMES[parseObjectKey(key).kind] ?? 'unknown';
        objects[kind] = (objects[kind] ?? 0) + 1;
    }
    return { packs, packBytes, objects };
}
//# sourceMappingURL=listing.js.map