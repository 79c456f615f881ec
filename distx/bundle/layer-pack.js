/**
 * A layer's recipe parts as a bundle ships them (plan version 3, docs/bundle.md "Packed layer
 * recipes"): all parts of the layer back to back, compressed as zstd frames, with the receiver's
 * own recipe of a base layer (same layer index of a base image) as a raw-content dictionary when
 * there is one. Both sides derive a layer's recipe bytes the same way: its segments re-encoded
 * into parts by LayerRecipeBuilder, concatenated. The receiver checks each part's digest.
 */
import { createHash } from 'node:crypto';
import { windowLogFor, zstdCompress, zstdDecompress } from '../delta/zstd.js';
import { CorruptDataError } from '../errors.js';
import { LayerRecipeBuilder } from '../recipe/index.js';
/** A stored layer's recipe, re-encoded into parts (deterministic: the same on sender and receiver). */
export async function layerRecipeBytes(store, diffId) {
    const recipe = await store.getLayerRecipe(diffId);
    const builder = new LayerRecipeBuilder();
    const parts = [];
    const files = new Set();
    for await (const segment of recipe.segments) {
        if (segment.kind === 'file')
            files.add(segment.digest);
        const part = builder.add(segment);
        if (part)
            parts.push(part.bytes);
    }
    const { part, root } = builder.finish();
    if (part)
        parts.push(part.bytes);
    return { root, parts, files };
}
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
/** sha256 (64 hex) of the parts back to back: what the plan names a base by. */
export function concatDigest(parts) {
    const hash = createHash('sha256');
    for (const p of parts)
        hash.update(p);
    return hash.digest('hex');
}
/** The packed blob: zstd frames of the parts back to back, with `base` (parts back to back) as dictionary. */
export function encodeLayerPack(parts, base, level) {
    const target = Buffer.concat(parts);
    if (!base || base.length === 0)
        return zstdCompress(target, { level });
    const dictionary = Buffer.concat(base);
    return zstdCompress(target, { level, dictionary, windowLog: windowLogFor(dictionary.length + target.length) });
}
/**
 * The parts a packed blob holds: decompressed to exactly the sum of `sizes`, split, and each
 * checked against its digest when the plan names one (CorruptDataError otherwise).
 */
export function decodeLayerPack(blob, base, parts, what) {
    const total = parts.reduce((sum, p) => sum + p.size, 0);
    const dictionary = base && base.length > 0 ? Buffer.concat(base) : undefined;
    const raw = zstdDecompress(blob, total, what, dictionary);
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = [];
    let at = 0;
    for (const part of parts) {
        const piece = bytes.subarray(at, at + part.size);
        at += part.size;
        // Version 5 names no part: the layer's DiffID checks its recipe (a wrong part cannot rebuild it).
        if (part.digest !== undefined && sha(piece) !== part.digest)
            throw new CorruptDataError(`${what}: recipe part sha256:${part.digest} does not match its digest`, { digest: `sha256:${part.digest}` });
        out.push(piece);
    }
    return out;
}
//# sourceMappingURL=layer-pack.js.map