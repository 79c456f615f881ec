import { rebuildLayer } from '../tar/index.js';
import { gzipSync } from 'node:zlib';
import { GZIP_LEVEL, measure } from './layer-writer.js';
/** Files gzipped at once for the ideal, and the largest read whole. */
const FILES_AT_ONCE = 32;
const READ_WHOLE_BYTES = 4 << 20;
const COMPRESSED = /(\+gzip|\+zstd|\.tar\.gzip)$/;
export class Pricer {
    store;
    #layerBytes = new Map();
    #fileBytes = new Map();
    constructor(store) {
        this.store = store;
    }
    /** A layer's registry blob size: the original compressed blob's, else gzip -6 of its tar. */
    async #registryBytes(layer) {
        if (COMPRESSED.test(layer.mediaType) && layer.size > 0)
            return layer.size;
        let bytes = this.#layerBytes.get(layer.diffId);
        if (bytes === undefined) {
            bytes = (await measure(rebuildLayer(await this.store.getLayerRecipe(layer.diffId), layer.diffId, this.store))).gzipBytes;
            this.#layerBytes.set(layer.diffId, bytes);
        }
        return bytes;
    }
    /** gzip -6 of one file's content. */
    async #gzipFile(digest) {
        const recipe = await this.store.getFileRecipe(digest);
        if (recipe.size > READ_WHOLE_BYTES)
            return (await measure(this.store.readFile('sha256:' + digest))).gzipBytes;
        const chunks = await this.store.readChunks(recipe.chunks.map((c) => c.digest));
        return gzipSync(Buffer.concat(chunks), { level: GZIP_LEVEL }).length;
    }
    /** The pull of `to` by a client holding `from` (original images). */
    async originalPull(from, to) {
        const have = new Set(from.layers.map((l) => l.diffId));
        const fresh = to.layers.filter((l, i) => !have.has(l.diffId) && to.layers.findIndex((m) => m.diffId === l.diffId) === i);
        let bytes = 0;
        for (const layer of fresh)
            bytes += await this.#registryBytes(layer);
        return { layers: to.layers.length, newLayers: fresh.length, bytes };
    }
    /** gzip -6 of each distinct new or changed file of `units` (`before`: the old version's signatures by key). */
    async ideal(units, before) {
        const digests = new Set();
        let files = 0;
        for (const unit of units) {
            if (before.get(unit.key) === unit.signature)
                continue;
            for (const entry of unit.entries) {
                if (!entry.payload)
                    continue;
                files++;
                digests.add(entry.payload.digest);
            }
        }
        const missing = [...digests].filter((d) => !this.#fileBytes.has(d));
        for (let i = 0; i < missing.length; i += FILES_AT_ONCE) {
            await Promise.all(missing.slice(i, i + FILES_AT_ONCE).map(async (digest) => this.#fileBytes.set(digest, await this.#gzipFile(digest))));
        }
        let bytes = 0;
        for (const digest of digests)
            bytes += this.#fileBytes.get(digest);
        return { files, bytes };
    }
}
//# sourceMappingURL=costs.js.map