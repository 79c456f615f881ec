/**
 * What a loss costs: the walk from names to images, layers, files and chunks that finds every
 * object referenced but not (readably) stored, and which names, images, layers and files lack
 * content because of it. repair reports it (and drops the names), verify uses it to say what a
 * missing pack held.
 */
import { DIGEST_PREFIX, hexOf } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import { KIND_NAMES } from './keys.js';
/** Walks from every name down to chunks; returns what lacks content. */
export async function findAffected(source) {
    const missing = new Map();
    const absent = async (kind, hex) => {
        if (await source.present(kind, hex))
            return false;
        missing.set(`${kind}:${hex}`, { kind: KIND_NAMES[kind], digest: DIGEST_PREFIX + hex });
        return true;
    };
    const unreadable = (kind, hex) => {
        missing.set(`${kind}:${hex}`, { kind: KIND_NAMES[kind], digest: DIGEST_PREFIX + hex });
        return true;
    };
    const fileBad = new Map();
    const layerBad = new Map();
    const imageBad = new Map();
    const checkFile = async (hex) => {
        if (fileBad.has(hex))
            return fileBad.get(hex);
        let bad = await absent(RecordKind.FileRecipe, hex);
        fileBad.set(hex, bad);
        if (!bad && (await source.present(RecordKind.FileDelta, hex))) {
            // Stored as a delta: its content needs the delta record and the base file, not the recipe's chunks.
            const base = await source.fileDelta(hex, false).catch(() => undefined);
            bad = base === undefined ? unreadable(RecordKind.FileDelta, hex) : await checkFile(base);
        }
        else if (!bad) {
            const recipe = await source.fileRecipe(hex).catch(() => undefined);
            if (!recipe)
                bad = unreadable(RecordKind.FileRecipe, hex);
            else
                for (const c of recipe.chunks)
                    if (await absent(RecordKind.Chunk, c.digest))
                        bad = true;
        }
        fileBad.set(hex, bad);
        return bad;
    };
    const checkLayer = async (hex) => {
        if (layerBad.has(hex))
            return layerBad.get(hex);
        let bad = await absent(RecordKind.LayerRecipe, hex);
        if (!bad) {
            const recipe = await source.layerRecipe(hex).catch(() => undefined);
            if (!recipe)
                bad = unreadable(RecordKind.LayerRecipe, hex);
            else {
                try {
                    for await (const s of recipe.segments)
                        if (s.kind === 'file' && (await checkFile(s.digest)))
                            bad = true;
                }
                catch {
                    // a part of the recipe is missing or damaged: the layer cannot be rebuilt
                    for (const part of recipe.parts)
                        if (await absent(RecordKind.LayerPart, part.digest))
                            bad = true;
                    bad = true;
                }
            }
        }
        layerBad.set(hex, bad);
        return bad;
    };
    const checkImage = async (hex) => {
        if (imageBad.has(hex))
            return imageBad.get(hex);
        let bad = await absent(RecordKind.Image, hex);
        if (!bad) {
            const record = await source.image(hex).catch(() => undefined);
            if (!record)
                bad = unreadable(RecordKind.Image, hex);
            else {
                for (const blob of [record.manifest, record.config, ...(record.indexes ?? [])])
                    if (await absent(RecordKind.Blob, hexOf(blob)))
                        bad = true;
                for (const layer of record.layers)
                    if (await checkLayer(hexOf(layer.diffId)))
                        bad = true;
            }
        }
        imageBad.set(hex, bad);
        return bad;
    };
    const names = [];
    for (const { name, image } of await source.names())
        if (await checkImage(hexOf(image)))
            names.push(name);
    const pick = (m) => [...m].filter(([, bad]) => bad).map(([hex]) => DIGEST_PREFIX + hex).sort();
    return { names: names.sort(), images: pick(imageBad), layers: pick(layerBad), files: pick(fileBad), missing: [...missing.values()] };
}
/** "105 chunks, 2 file recipes": counts of objects by kind, for messages. */
export function describeCounts(objects) {
    const counts = new Map();
    for (const o of objects)
        counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
    return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
}
//# sourceMappingURL=loss-report.js.map