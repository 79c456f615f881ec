/**
 * Layer recipes in motion: written part by part as a layer is ingested (LayerRecipeBuilder),
 * and read back part by part (openLayerRecipe, layerFileDigests), so that memory is bounded by
 * a part or two whatever the layer's file count. Parts come from and go to the caller (the
 * store), which keeps this module free of I/O.
 */
import { encodeLayerPart, decodeLayerPart, segmentEncodedLength, LAYER_PART_BYTES, } from './layer-recipe.js';
/**
 * Collects a layer's segments in tar order and cuts them into parts. `add` returns a part
 * each time one fills up: store it, then go on; `finish` returns the last part and the root.
 */
export class LayerRecipeBuilder {
    #partBytes;
    #segments = [];
    #encoded = 0;
    #parts = [];
    constructor(partBytes = LAYER_PART_BYTES) {
        this.#partBytes = partBytes;
    }
    /** Adds the next segment; returns a full part to store, if this one filled it. */
    add(segment) {
        this.#segments.push(segment);
        this.#encoded += segmentEncodedLength(segment);
        return this.#encoded >= this.#partBytes ? this.#cut() : undefined;
    }
    /** The last part (if any segments are left) and the root listing every part. */
    finish() {
        const part = this.#segments.length > 0 ? this.#cut() : undefined;
        const parts = this.#parts;
        return { part, root: { tarLength: parts.reduce((sum, p) => sum + p.tarLength, 0), parts } };
    }
    #cut() {
        const part = encodeLayerPart(this.#segments);
        this.#segments = [];
        this.#encoded = 0;
        this.#parts.push({ digest: part.digest, tarLength: part.tarLength });
        return part;
    }
}
/**
 * A stored layer recipe as a stream of segments: parts are read as the segments are pulled,
 * the next one while the current one is consumed. Each part is checked against the digest and
 * tar length its root gives (CorruptDataError otherwise).
 */
export function openLayerRecipe(root, readPart) {
    return {
        tarLength: root.tarLength,
        parts: root.parts,
        segments: { [Symbol.asyncIterator]: () => layerSegments(root, readPart) },
    };
}
async function* layerSegments(root, readPart) {
    if (root.inline)
        yield* root.inline;
    const parts = root.parts;
    const load = (index) => {
        const ref = parts[index];
        const loading = readPart(ref.digest).then((bytes) => decodeLayerPart(bytes, ref));
        loading.catch(() => undefined); // awaited in turn; this only keeps an unread failure from going unhandled
        return loading;
    };
    let next = parts.length > 0 ? load(0) : undefined;
    for (let index = 0; index < parts.length; index++) {
        const part = await next;
        next = index + 1 < parts.length ? load(index + 1) : undefined;
        yield* part.segments;
    }
}
/**
 * The file digests (64 hex, in tar order, repeats included) a layer recipe references, for
 * verify and gc. `readPart` may return undefined to skip a part (one the caller found missing
 * or damaged and has already reported, or has already walked).
 */
export async function* layerFileDigests(root, readPart) {
    for (const s of root.inline ?? [])
        if (s.kind === 'file')
            yield s.digest;
    for (const ref of root.parts) {
        const bytes = await readPart(ref.digest);
        if (!bytes)
            continue;
        for (const s of decodeLayerPart(bytes, ref).segments)
            if (s.kind === 'file')
                yield s.digest;
    }
}
//# sourceMappingURL=layer-stream.js.map