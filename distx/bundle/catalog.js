/** What a receiver holds (from its base images) and where each of a layer's files lives by path. */
import { posix } from 'node:path';
import { BadInputError } from '../errors.js';
import { layerFiles } from './layer-files.js';
/** Files of the base images, indexed for the delta base rules (same path, base name, stem). */
export class BaseCatalog {
    files = new Set();
    chunks = new Set();
    layers = new Set();
    /** The regular files of each base layer this store holds, in tar order (dictionaries of chunk sections). */
    held = [];
    #byPath = new Map();
    #byName = new Map();
    #byStem = new Map();
    #byVersionless = new Map();
    async addLayer(store, diffId) {
        if (this.layers.has(diffId))
            return;
        this.layers.add(diffId);
        const files = await layerFiles(store, diffId);
        this.held.push({ diffId, files });
        for (const file of files) {
            const added = this.indexFile(file);
            if (!added)
                continue;
            for (const chunk of (await store.getFileRecipe(file.digest)).chunks)
                this.chunks.add(chunk.digest);
        }
    }
    /** Indexes one file of a base image by path and name; false when its content was already held. */
    indexFile(file) {
        this.#byPath.set(file.path, file);
        const name = posix.basename(file.path);
        if (!this.#byName.has(name))
            this.#byName.set(name, file);
        const stem = stemOf(name);
        this.#byStem.set(stem, [...(this.#byStem.get(stem) ?? []), file]);
        const versionless = versionlessName(name);
        if (versionless !== name)
            this.#byVersionless.set(versionless, [...(this.#byVersionless.get(versionless) ?? []), file]);
        if (this.files.has(file.digest))
            return false;
        this.files.add(file.digest);
        return true;
    }
    /**
     * The receiver's inventory: the layers it holds that this store holds too are read for paths
     * (delta bases); its files count as held whatever their path.
     */
    async addInventory(store, inventory, chunker) {
        if (inventory.chunker !== chunker)
            throw new BadInputError(`inventory: made by a store with another chunker (${inventory.chunker}); this store's is ${chunker}`);
        for (const diffId of inventory.layers) {
            if (await store.hasLayer(diffId))
                await this.addLayer(store, diffId);
            else
                this.layers.add(diffId);
        }
        for (const file of inventory.files)
            this.files.add(file);
    }
    /**
     * A base for a file the receiver lacks: same path, then same base name, then same stem within
     * 10x in size, then the same name with its version numbers removed (versionlessName) within
     * 10x in size, the closest in size first.
     */
    baseFor(path, size) {
        const same = this.#byPath.get(path);
        if (same)
            return same;
        const name = posix.basename(path);
        const named = this.#byName.get(name);
        if (named)
            return named;
        const within = (f) => f.size * 10 >= size && size * 10 >= f.size;
        const stemmed = (this.#byStem.get(stemOf(name)) ?? []).find(within);
        if (stemmed)
            return stemmed;
        const versionless = versionlessName(name);
        if (versionless === name)
            return undefined;
        const distance = (f) => Math.abs(Math.log((f.size + 1) / (size + 1)));
        let best;
        for (const f of this.#byVersionless.get(versionless) ?? [])
            if (within(f) && (!best || distance(f) < distance(best)))
                best = f;
        return best;
    }
}
/** A name up to its first dot (not counting a leading one). */
export function stemOf(name) {
    const dot = name.indexOf('.', 1);
    return dot < 0 ? name : name.slice(0, dot);
}
/**
 * A name with each version-like run (digits, and dot-separated digit groups) replaced by `#`:
 * `guava-31.1.jar` and `guava-32.0.1.jar` → `guava-#.jar`, `libfoo.so.1.2.3` → `libfoo.so.#`.
 */
export function versionlessName(name) {
    return name.replace(/\d+(?:\.\d+)*/g, '#');
}
//# sourceMappingURL=catalog.js.map