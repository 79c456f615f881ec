/**
 * The dictionary a chunk section (plan version 5, docs/bundle.md "Chunk sections") is
 * compressed against: base files the receiver holds, chosen by where the section's files live.
 * A release's new files (a new bundle of a library, a new locale, a renamed module) mostly
 * repeat files near them in the tree, which a per-file base rule cannot name; zstd finds the
 * repeats when those neighbours are in its window, as `zstd --patch-from` finds them in the
 * whole old layer.
 *
 * The plan names the dictionary by rule, not by file digests (32 incompressible bytes each):
 * the regular files of some base layers under some directories, in tar order, back to back,
 * of which the dictionary is the last `length` bytes. Sender and receiver build it with the
 * same function from their stores.
 */
import { BadInputError, CorruptDataError } from '../errors.js';
import { readSegments } from '../tar/index.js';
function directoryOf(path) {
    const parts = path.split('/').filter((p) => p !== '');
    parts.pop();
    return parts;
}
/** Whether `path` is under one of `under` (a set of directories, '' standing for the root). */
export function isUnder(path, under) {
    if (under.has(''))
        return true;
    const parts = path.split('/');
    let prefix = '';
    for (let i = 0; i < parts.length - 1; i++) {
        prefix = i === 0 ? parts[0] : `${prefix}/${parts[i]}`;
        if (under.has(prefix))
            return true;
    }
    return false;
}
/** The section files' directories cut to at most `depth` components, none under another. */
function directoriesAt(dirs, depth) {
    const cut = [...new Set(dirs.map((d) => d.slice(0, depth).join('/')))].sort();
    const kept = new Set();
    for (const dir of cut)
        if (!isUnder(`${dir}/x`, kept) && !kept.has(dir))
            kept.add(dir);
    return [...kept];
}
/**
 * The dictionary for a section holding files at `paths`: the base files nearest them in the
 * tree, widened (directory by directory, up to the root) while they come to at most `budget`
 * bytes; when even the files of the sections' own directories exceed it, their last `budget`
 * bytes. Undefined when no base file is near enough to take.
 */
export function chooseDictionary(paths, layers, budget) {
    const dirs = paths.filter((p) => p !== '').map(directoryOf);
    if (dirs.length === 0 || budget <= 0)
        return undefined;
    const deepest = Math.max(...dirs.map((d) => d.length));
    let chosen;
    let tooLarge;
    for (let depth = deepest; depth >= 0; depth--) {
        const under = directoriesAt(dirs, depth);
        const set = new Set(under);
        let total = 0;
        const used = [];
        for (const layer of layers) {
            let any = false;
            for (const file of layer.files)
                if (isUnder(file.path, set)) {
                    total += file.size;
                    any = true;
                }
            if (any)
                used.push(layer.diffId);
        }
        if (total === 0)
            continue;
        if (total > budget) {
            if (!chosen)
                tooLarge ??= { under, total, layers: used };
            break;
        }
        chosen = { under, total, layers: used };
    }
    const pick = chosen ?? tooLarge;
    if (!pick)
        return undefined;
    return { layers: pick.layers, under: pick.under, length: Math.min(pick.total, budget) };
}
/** The bytes of `dictionary`, from `store` (the files are read checked). */
export async function buildDictionary(store, dictionary, list, what) {
    const { layers, under, length } = dictionary;
    if (!Array.isArray(layers) || !Array.isArray(under) || !Number.isSafeInteger(length) || length < 0 || length > MAX_DICTIONARY
        || !layers.every((l) => typeof l === 'string') || !under.every((u) => typeof u === 'string')) {
        throw new BadInputError(`bundle: ${what}: malformed dictionary`);
    }
    const set = new Set(under);
    const files = [];
    for (const diffId of layers) {
        if (!(await store.hasLayer(diffId))) {
            throw new BadInputError(`bundle does not fit this store: it lacks layer ${diffId} (${what}'s dictionary)`, { digest: diffId });
        }
        for (const file of await list(diffId))
            if (isUnder(file.path, set))
                files.push(file);
    }
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total < length) {
        throw new BadInputError(`bundle does not fit this store: ${what}'s dictionary needs ${length} bytes of base files, the store's come to ${total}`);
    }
    const out = Buffer.allocUnsafeSlow(length);
    let skip = total - length;
    let at = 0;
    // The files from the first one the dictionary reaches into, read as a layer's are (small
    // files' chunks many at a time, the next files' reads ahead), every chunk checked.
    const taken = [];
    for (const file of files) {
        if (skip >= file.size && taken.length === 0) {
            skip -= file.size;
            continue;
        }
        if (file.size > 0)
            taken.push({ kind: 'file', digest: file.digest, length: file.size });
    }
    async function* segments() { yield* taken; }
    const source = { getFileRecipe: (hex) => store.getFileRecipe(hex), read: (hexes) => store.readChunks(hexes), smallFileLimit: store.smallFileLimit };
    for await (const item of readSegments(segments(), source)) {
        if (!('chunks' in item))
            continue;
        for await (const piece of item.chunks) {
            const from = Math.min(skip, piece.length);
            skip -= from;
            if (at + piece.length - from > length)
                throw new CorruptDataError(`bundle: ${what}: a base file is longer than listed`);
            out.set(piece.subarray(from), at);
            at += piece.length - from;
        }
    }
    if (at !== length)
        throw new CorruptDataError(`bundle: ${what}: the dictionary's base files gave ${at} bytes, expected ${length}`);
    return out;
}
/** Largest dictionary a plan may ask for (the section's window covers dictionary and section). */
export const MAX_DICTIONARY = 64 * 1024 * 1024;
//# sourceMappingURL=section-dictionary.js.map