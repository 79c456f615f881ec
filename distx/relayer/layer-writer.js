/**
 * Re-layered layers into the store, as recipes only: the framing is written new (entry
 * headers from entry-header.ts), every payload is a reference to the file recipe the store
 * already holds, so no layer tar is ever materialised and no chunk is stored again.
 *
 * The recipe's parts are content-addressed, so the same units give the same parts: a layer
 * whose parts match a layer written before (in this run, or in the prior image) is that
 * layer, and its DiffID is reused without reading anything. A new layer is streamed once from
 * the store to compute its DiffID (sha256 of the tar) and its gzip size (gzip -6, as the
 * report sizes a layer's registry blob); only then are its parts and root stored.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { LayerRecipeBuilder } from '../recipe/index.js';
import { rebuildLayer } from '../tar/index.js';
import { unitPieces } from './units.js';
/** The report's gzip level for a registry blob. */
export const GZIP_LEVEL = 6;
/** Framing pieces are coalesced into segments of at most this many bytes. */
const FRAMING_SEGMENT_BYTES = 64 << 10;
const END_OF_ARCHIVE = Buffer.alloc(1024);
/** sha256, length and gzip -6 size of a byte stream. */
export async function measure(pieces, level = GZIP_LEVEL) {
    const hash = createHash('sha256');
    let bytes = 0;
    let gzipBytes = 0;
    const gzip = createGzip({ level, chunkSize: 1 << 20 });
    gzip.on('data', (chunk) => {
        gzipBytes += chunk.length;
    });
    const ended = once(gzip, 'end');
    for await (const piece of pieces) {
        hash.update(piece);
        bytes += piece.length;
        if (!gzip.write(piece))
            await once(gzip, 'drain');
    }
    gzip.end();
    await ended;
    return { sha256: 'sha256:' + hash.digest('hex'), bytes, gzipBytes };
}
/** gzip -6 of a stored layer's tar (rebuilt from its recipe and checked against its DiffID). */
export async function layerGzipBytes(store, diffId) {
    return (await measure(rebuildLayer(await store.getLayerRecipe(diffId), diffId, store))).gzipBytes;
}
/** The recipe segments of a layer of `units`, with the end-of-archive marker. */
function* segments(units) {
    let pending = [];
    let length = 0;
    const flush = function* () {
        if (length === 0)
            return;
        yield { kind: 'framing', bytes: Buffer.concat(pending, length) };
        pending = [];
        length = 0;
    };
    for (const piece of [...unitPieces(units), { framing: END_OF_ARCHIVE }]) {
        if ('payload' in piece) {
            yield* flush();
            yield { kind: 'file', digest: piece.payload.digest, length: piece.payload.length };
            continue;
        }
        if (length + piece.framing.length > FRAMING_SEGMENT_BYTES)
            yield* flush();
        pending.push(piece.framing);
        length += piece.framing.length;
    }
    yield* flush();
}
/** Files read ahead of the one being measured, when small enough to be read whole. */
const FILES_AHEAD = 32;
const READ_WHOLE_BYTES = 4 << 20;
/** A layer's bytes from its segments: file contents read from the store, small files several at a time. */
async function* layerBytes(store, pieces) {
    const whole = async (digest) => store.readChunks((await store.getFileRecipe(digest)).chunks.map((c) => c.digest));
    const ahead = [];
    const iterator = pieces[Symbol.iterator]();
    let done = false;
    const fill = () => {
        while (!done && ahead.filter((a) => a.loading).length < FILES_AHEAD) {
            const next = iterator.next();
            if (next.done) {
                done = true;
                return;
            }
            const piece = next.value;
            if (piece.kind === 'framing')
                ahead.push({ bytes: piece.bytes });
            else if (piece.length <= READ_WHOLE_BYTES) {
                const loading = whole(piece.digest);
                loading.catch(() => undefined); // awaited in turn
                ahead.push({ loading });
            }
            else
                ahead.push({ digest: piece.digest });
        }
    };
    fill();
    while (ahead.length > 0) {
        const item = ahead.shift();
        fill();
        if (item.bytes)
            yield item.bytes;
        else if (item.loading)
            yield* await item.loading;
        else
            yield* store.readFile('sha256:' + item.digest);
    }
}
/** The layer's recipe parts, in order (deterministic: the same units give the same parts). */
function* parts(units) {
    const builder = new LayerRecipeBuilder();
    for (const segment of segments(units)) {
        const part = builder.add(segment);
        if (part)
            yield part;
    }
    const { part } = builder.finish();
    if (part)
        yield part;
}
function partsKey(digests) {
    const hash = createHash('sha256');
    for (const digest of digests)
        hash.update(digest);
    return hash.digest('hex');
}
export class LayerWriter {
    store;
    #known = new Map();
    #byDiffId = new Map();
    constructor(store) {
        this.store = store;
    }
    /** Makes an existing layer (a prior image's) known, so that the same content reuses it. */
    async seed(diffId, tarBytes) {
        if (this.#byDiffId.has(diffId))
            return;
        const recipe = await this.store.getLayerRecipe(diffId);
        const layer = { diffId, tarBytes, gzipBytes: undefined };
        this.#known.set(partsKey(recipe.parts.map((p) => p.digest)), layer);
        this.#byDiffId.set(diffId, layer);
    }
    /** The layer's gzip -6 size, measured now if it was not when written. */
    async gzipBytes(diffId) {
        const layer = this.#byDiffId.get(diffId);
        if (layer?.gzipBytes !== undefined)
            return layer.gzipBytes;
        const gzipBytes = await layerGzipBytes(this.store, diffId);
        if (layer)
            layer.gzipBytes = gzipBytes;
        return gzipBytes;
    }
    /** Writes (or finds) the layer of `units`, given in key order. */
    async write(units) {
        const key = partsKey((function* () {
            for (const part of parts(units))
                yield part.digest;
        })());
        const known = this.#known.get(key);
        if (known)
            return { ...known, reused: true };
        const store = this.store;
        const measured = await measure(layerBytes(store, segments(units)));
        if (!(await store.hasLayer(measured.sha256))) {
            const refs = [];
            for (const part of parts(units)) {
                await store.putLayerPart(part.bytes);
                refs.push({ digest: part.digest, tarLength: part.tarLength });
            }
            await store.putLayerRecipe(measured.sha256, { parts: refs });
        }
        const layer = { diffId: measured.sha256, tarBytes: measured.bytes, gzipBytes: measured.gzipBytes };
        this.#known.set(key, layer);
        this.#byDiffId.set(layer.diffId, layer);
        return { ...layer, reused: false };
    }
}
//# sourceMappingURL=layer-writer.js.map