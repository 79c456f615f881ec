/**
 * The measuring engine behind `analyze` and `report`: layers go in as recipe pieces (framing
 * runs and files, the partition ingest stores; see ingest/layer-parts.ts), plain numbers come
 * out. Nothing is written anywhere and no file is held whole beyond HOLD_LIMIT bytes.
 *
 * What it keeps, for every distinct object across all inputs, is a 32-byte digest (as a map
 * key), its length and its stored length: files and chunks in distinct-objects.ts, and
 * layers here, by DiffID: tar bytes, gzip and zstd sizes of the whole tar (layer-sinks.ts),
 * framing bytes (raw and zstd), and the ids of the distinct files and chunks they hold.
 * Images are lists of layers; every figure about images (sharing, upgrades) is computed
 * afterwards from these ids (see figures.ts).
 *
 * Compressed sizes are computed on worker threads (size-pool.ts) and arrive later: a slot is
 * NaN until then, bytes met in several modes are compressed once, and finish() waits for all.
 */
import { AbortedError, BadInputError } from '../errors.js';
import { DistinctObjects } from './distinct-objects.js';
import { preferredBlob } from './layer-blob.js';
import { LayerSinks } from './layer-sinks.js';
import { SizePool } from './size-pool.js';
import { storedOrRaw } from './sizers.js';
export class Measurer {
    options;
    #objects;
    #pool;
    /** Sizes still to come back from workers; finish() waits for them. */
    #settling = new Set();
    #failure;
    layers = new Map();
    images = [];
    #imageIndex = new Map();
    constructor(options) {
        this.options = options;
        this.#pool = new SizePool(options.threads);
        this.#objects = new DistinctObjects(options, this.#pool, (settling) => this.#track(settling));
    }
    /** The distinct files. */
    get files() {
        return this.#objects.files;
    }
    /** Modes measured, `file` last. */
    get modes() {
        return this.#objects.modes;
    }
    /** The object table of a mode (`file`: the file table). */
    table(mode) {
        return this.#objects.table(mode);
    }
    /** Adds an image (its layers measured unless seen before); an image seen before gains the names. */
    async addImage(image) {
        const layers = [];
        for (const layer of image.layers)
            layers.push((await this.measureLayer(layer)).diffId);
        const known = this.#imageIndex.get(image.manifest);
        if (known) {
            for (const name of image.names)
                if (!known.names.includes(name))
                    known.names.push(name);
            return known;
        }
        const measured = { manifest: image.manifest, names: [...image.names], kind: image.kind, path: image.path, layers };
        this.#imageIndex.set(image.manifest, measured);
        this.images.push(measured);
        return measured;
    }
    /** Measures one layer, or returns it when its DiffID was measured already. */
    async measureLayer(input) {
        if (input.diffId !== undefined) {
            const known = this.layers.get(input.diffId);
            if (known) {
                known.blob = preferredBlob(known.blob, input.blob);
                return known;
            }
        }
        const verify = input.verify ?? true;
        const sinks = new LayerSinks(this.options, verify || input.diffId === undefined, this.#pool);
        const framing = this.#pool.stream(this.options.zstdLevel);
        const sets = this.#objects.layerSets();
        let framingBytes = 0;
        let files = 0;
        let ended;
        try {
            for await (const piece of input.pieces()) {
                if (this.options.signal?.aborted)
                    throw new AbortedError(this.options.signal.reason);
                if (piece.kind === 'framing') {
                    await sinks.write(piece.bytes);
                    framing.update(piece.bytes);
                    framingBytes += piece.bytes.length;
                }
                else {
                    await this.#objects.measureFile(piece, sinks, sets, input.what);
                    files++;
                }
            }
            ended = await sinks.end();
        }
        catch (error) {
            sinks.destroy();
            framing.end().catch(() => undefined);
            this.#objects.resetChunkers();
            throw error;
        }
        const framingStored = framing.end();
        const diffId = ended.diffId ?? input.diffId;
        if (input.diffId !== undefined && diffId !== input.diffId) {
            throw new BadInputError(`${input.what}: its uncompressed sha256 is ${diffId}, but the config says ${input.diffId}`, { digest: input.blob?.digest });
        }
        const known = this.layers.get(diffId);
        if (known) {
            known.blob = preferredBlob(known.blob, input.blob);
            this.#track(Promise.all([ended.zstdBytes, framingStored]).then(() => undefined));
            return known;
        }
        const layer = {
            diffId,
            blob: input.blob,
            tarBytes: sinks.tarBytes,
            gzipBytes: ended.gzipBytes,
            zstdBytes: Number.NaN,
            framingBytes,
            framingStoredBytes: Number.NaN,
            files,
            fileIds: Uint32Array.from(sets.files).sort(),
            chunkIds: this.#objects.sortedChunkIds(sets),
        };
        this.layers.set(diffId, layer);
        this.#track(ended.zstdBytes.then((size) => {
            layer.zstdBytes = size;
        }));
        this.#track(framingStored.then((size) => {
            layer.framingStoredBytes = storedOrRaw(size, framingBytes);
        }));
        return layer;
    }
    /** Waits for every size still being computed; the figures are complete after this. Closes the workers. */
    async finish() {
        try {
            while (this.#settling.size > 0)
                await Promise.all([...this.#settling]);
            if (this.#failure !== undefined)
                throw this.#failure;
        }
        finally {
            await this.close();
        }
    }
    /** Stops the workers (after finish, or on failure). */
    async close() {
        await this.#pool.close();
    }
    #track(promise) {
        const settled = promise.then(() => {
            this.#settling.delete(settled);
        }, (error) => {
            this.#failure ??= error;
            this.#settling.delete(settled);
        });
        this.#settling.add(settled);
    }
}
//# sourceMappingURL=measure.js.map