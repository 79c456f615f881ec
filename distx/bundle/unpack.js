/**
 * Version 4 bundles: the delta section cut into its deltas, each written to the spool as a
 * blob named by its sha256 (the section was checked against its digest, so its pieces are
 * the sender's; kept in memory, see Spool.add), and each delta file's `delta` set to it, as versions 1-3 name them.
 * Version 3 and 4 bundles: each packed layer recipe decompressed (against the receiver's own recipe
 * of its base layer) and its parts, each checked against its digest, added to the spool as if
 * they had been blobs of the bundle.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { BadInputError, CorruptDataError, NotFoundError } from '../errors.js';
import { concatDigest, decodeLayerPack, layerRecipeBytes } from './layer-pack.js';
import { decodeLayerPart } from '../recipe/index.js';
const HEX = /^[0-9a-f]{64}$/;
/** A base recipe's or a delta base's digest as a plan gives it: whole, or (version 5) its first 16 hex digits at least. */
const BASE_DIGEST = /^[0-9a-f]{16,64}$/;
export async function unpackLayers(store, spool, plan) {
    for (const layer of plan.layers) {
        if (!layer.packed)
            continue;
        const what = `bundle: packed recipe of layer ${layer.diffId}`;
        const named = (p) => (typeof p.digest === 'string' && HEX.test(p.digest)) || (plan.version >= 5 && p.digest === undefined);
        if (!Array.isArray(layer.parts) || !layer.parts.every((p) => named(p) && Number.isSafeInteger(p.size) && p.size >= 0)) {
            throw new BadInputError(`${what}: malformed part list`);
        }
        if (layer.parts.reduce((sum, p) => sum + p.size, 0) > 2 ** 31)
            throw new BadInputError(`${what}: parts too large`);
        let base;
        if (layer.packed.base !== undefined) {
            const diffId = layer.packed.base;
            if (!(await store.hasLayer(diffId))) {
                throw new BadInputError(`bundle does not fit this store: it lacks layer ${diffId}, the base of layer ${layer.diffId}'s recipe`, { digest: diffId });
            }
            base = await storedParts(store, diffId, layer.packed.baseDigest);
            if (!base)
                base = (await layerRecipeBytes(store, diffId)).parts;
            if (!BASE_DIGEST.test(layer.packed.baseDigest ?? '') || !concatDigest(base).startsWith(layer.packed.baseDigest)) {
                throw new BadInputError(`bundle does not fit this store: its recipe of layer ${diffId} differs from the sender's (base of layer ${layer.diffId})`, { digest: diffId });
            }
        }
        const blob = await spool.read(layer.packed.blob);
        const parts = decodeLayerPack(blob, base, layer.parts, what);
        for (const [i, part] of layer.parts.entries()) {
            // Version 5: each part named by its digest here (the layer's DiffID checks the recipe).
            part.digest ??= createHash('sha256').update(parts[i]).digest('hex');
            await spool.add(part.digest, parts[i]);
        }
        if (parts.length !== layer.parts.length)
            throw new CorruptDataError(`${what}: wrong number of parts`);
    }
    await nameFiles(store, spool, plan);
    await unpackDeltas(spool, plan);
}
/**
 * Version 5: a delta's base given by the first BASE_PREFIX hex digits of its digest at least is
 * the store's file of that prefix (the rebuilt file is checked against its own digest, so a
 * prefix that names another file gives a refused bundle, never a wrong file).
 */
async function nameBases(store, plan) {
    for (const file of plan.files) {
        if ((file.via !== 'delta' && file.via !== 'zip-delta') || typeof file.base !== 'string' || HEX.test(file.base))
            continue;
        if (plan.version < 5 || !BASE_DIGEST.test(file.base))
            throw new BadInputError(`bundle: a delta base ${JSON.stringify(file.base)} is not a digest`);
        try {
            file.base = (await store.resolveFile(file.base)).slice('sha256:'.length);
        }
        catch (error) {
            if (error instanceof NotFoundError)
                throw new BadInputError(`bundle does not fit this store: it lacks the delta base sha256:${file.base}…`, { digest: `sha256:${file.base}` });
            throw error;
        }
    }
}
/**
 * Version 5: a planned file without its digest is named by the layers' recipes: the files they
 * reference, each once, in order (layers in plan order, their parts and segments in order);
 * the file is the one `skip` places (default 0) after the previous planned file named so.
 * Nothing trusts the name before the rebuilt file is checked against it.
 */
async function nameFiles(store, spool, plan) {
    await nameBases(store, plan);
    const unnamed = plan.files.filter((f) => f.digest === undefined);
    if (unnamed.length === 0)
        return;
    if (plan.version < 5)
        throw new BadInputError(`bundle: plan version ${plan.version} lists a file without its digest`);
    const referenced = new Set();
    for (const layer of plan.layers) {
        for (const part of layer.parts) {
            let segments;
            try {
                segments = decodeLayerPart(await spool.view(part.digest), part).segments;
            }
            catch (error) {
                if (error instanceof CorruptDataError)
                    throw new CorruptDataError(`bundle: packed recipe of layer ${layer.diffId}: ${error.message}`, { cause: error });
                throw error;
            }
            for (const segment of segments)
                if (segment.kind === 'file')
                    referenced.add(segment.digest);
        }
    }
    const order = [...referenced];
    let previous = -1;
    for (const file of unnamed) {
        const skip = file.skip ?? 0;
        const at = previous + 1 + skip;
        if (!Number.isSafeInteger(skip) || at < 0 || at >= order.length) {
            throw new CorruptDataError(`bundle: a planned file's place (skip ${JSON.stringify(skip)}) is not among the ${order.length} files the layers reference`);
        }
        file.digest = order[at];
        delete file.skip;
        previous = at;
    }
}
async function unpackDeltas(spool, plan) {
    const deltas = plan.files.filter((f) => f.via === 'delta' || f.via === 'zip-delta');
    if (plan.version < 4) {
        if (plan.deltas !== undefined)
            throw new BadInputError(`bundle: plan version ${plan.version} has a delta section`);
        return;
    }
    if (deltas.length === 0) {
        if (plan.deltas !== undefined)
            throw new BadInputError('bundle: a delta section but no delta file');
        return;
    }
    if (typeof plan.deltas !== 'string')
        throw new BadInputError('bundle: delta files but no delta section');
    const path = spool.pathOf(plan.deltas);
    const size = (await stat(path)).size;
    let at = 0;
    const section = await open(path, 'r');
    try {
        for (const file of deltas) {
            const length = file.length;
            if (!Number.isSafeInteger(length) || length < 1 || length > size - at) {
                throw new CorruptDataError(`bundle: delta of file sha256:${file.digest} has a bad length in the section (${JSON.stringify(length)})`);
            }
            const bytes = Buffer.alloc(length);
            await section.read(bytes, 0, length, at);
            at += length;
            const hex = createHash('sha256').update(bytes).digest('hex');
            await spool.add(hex, bytes);
            file.delta = `sha256:${hex}`;
        }
    }
    finally {
        await section.close();
    }
    if (at !== size)
        throw new CorruptDataError(`bundle: the delta section holds ${size - at} bytes no file uses`);
}
/**
 * The base layer's parts as the store holds them, when they are its canonical recipe bytes
 * (their digest is `baseDigest`): a store cuts its recipes by the same rule, so they usually
 * are, and re-encoding the recipe (layerRecipeBytes, the fallback) costs far more than reading it.
 */
async function storedParts(store, diffId, baseDigest) {
    const { parts } = await store.getLayerRecipe(diffId);
    if (parts.length === 0)
        return undefined;
    const bytes = await Promise.all(parts.map((p) => store.getLayerPart(p.digest)));
    return baseDigest && concatDigest(bytes).startsWith(baseDigest) ? bytes : undefined;
}
//# sourceMappingURL=unpack.js.map