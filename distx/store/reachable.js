/** Live objects: everything reachable from names, down to chunks (used by verify and gc). */
import { DIGEST_PREFIX, hexOf } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import { layerFileDigests } from '../recipe/index.js';
import { KIND_NAMES, objectKey } from './keys.js';
/**
 * The object keys (see keys.ts) of every object reachable from a name. Missing and unreadable
 * objects are reported into `problems` when given, and the walk goes on.
 */
export async function reachable(source, problems, options = {}) {
    const live = new Set();
    const missing = (kind, hex, from) => {
        problems?.push({ code: 'missing-object', message: `${KIND_NAMES[kind]} sha256:${hex} (referenced by ${from}) is missing`, digest: DIGEST_PREFIX + hex });
    };
    const visit = async (kind, hex, from) => {
        const key = objectKey(kind, hex);
        if (live.has(key))
            return false;
        if (!(await source.locate(kind, hex))) {
            missing(kind, hex, from);
            return false;
        }
        live.add(key);
        return true;
    };
    const corrupt = (error, hex) => {
        problems?.push({ code: 'record-corrupt', message: error.message, digest: DIGEST_PREFIX + hex });
    };
    const images = new Set();
    for (const { name, image } of await source.names())
        images.add(`${hexOf(image)}\u0000${name}`);
    const files = new Set();
    for (const entry of images) {
        const [hex, name] = entry.split('\u0000');
        if (!(await visit(RecordKind.Image, hex, `name ${name}`)))
            continue;
        let record;
        try {
            record = await source.image(hex);
        }
        catch (error) {
            corrupt(error, hex);
            continue;
        }
        await visit(RecordKind.Blob, hexOf(record.manifest), `image ${hex}`);
        for (const index of record.indexes ?? [])
            await visit(RecordKind.Blob, hexOf(index), `image ${hex}`);
        await visit(RecordKind.Blob, hexOf(record.config), `image ${hex}`);
        for (const layer of record.layers) {
            // A layer blob's description is optional (stores before kind 10 have none): kept when present.
            const blob = hexOf(layer.digest);
            if (!live.has(objectKey(RecordKind.BlobDescription, blob)) && (await source.locate(RecordKind.BlobDescription, blob))) {
                live.add(objectKey(RecordKind.BlobDescription, blob));
                await source.blobDescription(blob).catch((error) => corrupt(error, blob));
            }
            const diff = hexOf(layer.diffId);
            if (!(await visit(RecordKind.LayerRecipe, diff, `image ${hex}`)))
                continue;
            const readPart = async (part) => {
                if (!(await visit(RecordKind.LayerPart, part, `layer sha256:${diff}`)))
                    return undefined;
                return source.layerPart(part).catch((error) => void corrupt(error, part));
            };
            try {
                for await (const file of layerFileDigests(await source.layerRoot(diff), readPart))
                    files.add(file);
            }
            catch (error) {
                corrupt(error, diff);
            }
        }
    }
    // Bases of delta-stored files join the walk (a Set visits what is added while it is iterated).
    const baseOf = new Map();
    for (const hex of files) {
        if (!(await visit(RecordKind.FileRecipe, hex, baseOf.has(hex) ? `the file delta sha256:${baseOf.get(hex)}` : 'a layer recipe')))
            continue;
        let delta = {};
        try {
            delta = { base: await source.fileDelta(hex, options.rebuildDeltas === true) };
        }
        catch (error) {
            corrupt(error, hex);
            delta = { damaged: true };
        }
        if (delta.base !== undefined || delta.damaged)
            live.add(objectKey(RecordKind.FileDelta, hex));
        if (delta.base !== undefined) {
            // The recipe is kept (ingest dedups against it) and checked; its chunks are not needed.
            await source.fileRecipe(hex).catch((error) => corrupt(error, hex));
            if (!files.has(delta.base))
                baseOf.set(delta.base, hex);
            files.add(delta.base);
            continue;
        }
        let recipe;
        try {
            recipe = await source.fileRecipe(hex);
        }
        catch (error) {
            corrupt(error, hex);
            continue;
        }
        for (const c of recipe.chunks) {
            // A damaged delta: keep whatever chunks of the file are left, without calling the others missing.
            if (delta.damaged) {
                if (await source.locate(RecordKind.Chunk, c.digest))
                    live.add(objectKey(RecordKind.Chunk, c.digest));
            }
            else {
                await visit(RecordKind.Chunk, c.digest, `file sha256:${hex}`);
            }
        }
    }
    return live;
}
//# sourceMappingURL=reachable.js.map