import { splitTar } from '../tar/index.js';
const ZEROS = new Uint8Array(1 << 20);
async function* standIn(segments) {
    for await (const s of segments) {
        if (s.kind === 'framing') {
            yield s.bytes;
            continue;
        }
        for (let left = s.length; left > 0; left -= ZEROS.length)
            yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
    }
}
/** The layer's regular files in tar order (paths without a leading `./` or `/`). */
export async function layerPaths(store, diffId) {
    const recipe = await store.getLayerRecipe(diffId);
    const files = [];
    for await (const s of recipe.segments)
        if (s.kind === 'file')
            files.push({ digest: s.digest, length: s.length });
    const out = [];
    try {
        for await (const part of splitTar(standIn(recipe.segments))) {
            if (part.kind !== 'payload')
                continue;
            for await (const _ of part.data)
                void _;
            const file = files[out.length];
            if (!file || file.length !== part.length)
                break;
            out.push({ path: part.header.name.replace(/^(\.?\/)+/, ''), digest: file.digest, size: file.length });
        }
    }
    catch {
        // a stand-in that does not parse (a spilled framing run read as zeros): keep what was listed
    }
    return out;
}
//# sourceMappingURL=layer-paths.js.map