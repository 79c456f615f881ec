/**
 * The directory an image is exported into. A missing directory is created; one that holds an
 * OCI image layout (an `oci-layout` file) is added to; anything else (a file, or a directory
 * that is neither empty nor a layout) is refused before anything is written.
 *
 * The image joins the layout's index.json as skopeo adds one: an entry that had the same tag
 * loses its tag but stays in the index (unnamed, so its blobs are still referenced), and the
 * new entry is appended. Every other entry, and every other field of index.json, is kept. The
 * new index.json replaces the old one by rename, never half-written.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { fsCode, fsReason } from '../fs-errors.js';
import { MEDIA_TYPES } from '../recipe/index.js';
export const REF_NAME = 'org.opencontainers.image.ref.name';
/** Checks `dir` and reads its index; creates the directory when missing. */
export async function openLayoutTarget(dir) {
    const info = await stat(dir).catch((cause) => {
        if (fsCode(cause) === 'ENOENT')
            return undefined;
        if (fsCode(cause) === 'ENOTDIR')
            throw new BadInputError(`cannot export to ${dir}: a part of the path is not a directory`, { path: dir });
        throw new BadInputError(`cannot export to ${dir}: ${fsReason(cause)}`, { path: dir, cause });
    });
    if (info === undefined) {
        await makeDirectory(dir).catch((cause) => {
            throw new BadInputError(`cannot create ${dir}: ${fsReason(cause)}`, { path: dir, cause });
        });
        return { dir, index: newIndex(), newLayout: true };
    }
    if (!info.isDirectory())
        throw new BadInputError(`cannot export to ${dir}: it is not a directory`, { path: dir });
    const entries = await readdir(dir).catch((cause) => {
        throw new BadInputError(`cannot read ${dir}: ${fsReason(cause)}`, { path: dir, cause });
    });
    if (entries.length === 0)
        return { dir, index: newIndex(), newLayout: true };
    if (!entries.includes('oci-layout'))
        throw new BadInputError(`cannot export to ${dir}: it is neither empty nor an OCI image layout`, { path: dir });
    const layoutFile = await readJson(join(dir, 'oci-layout'), dir, 'oci-layout');
    if (typeof layoutFile?.imageLayoutVersion !== 'string') {
        throw new BadInputError(`cannot export to ${dir}: its oci-layout file gives no imageLayoutVersion`, { path: dir });
    }
    // A layout whose index.json is missing (a copy cut short) gets a new one; a damaged one is never overwritten.
    if (!entries.includes('index.json'))
        return { dir, index: newIndex(), newLayout: false };
    const index = await readJson(join(dir, 'index.json'), dir, 'index.json');
    if (typeof index !== 'object' || index === null || !Array.isArray(index.manifests)) {
        throw new BadInputError(`cannot export to ${dir}: its index.json has no manifests list`, { path: dir });
    }
    return { dir, index: index, newLayout: false };
}
/**
 * mkdir -p, one level at a time (Node's recursive mkdir spins forever where the file system
 * answers every mkdir with ENOENT, as /proc does).
 */
async function makeDirectory(dir) {
    const missing = [];
    for (let current = resolve(dir);; current = dirname(current)) {
        const found = await stat(current).then(() => true, (cause) => {
            if (fsCode(cause) === 'ENOENT')
                return false;
            throw cause;
        });
        if (found || dirname(current) === current)
            break;
        missing.unshift(current);
    }
    for (const path of missing) {
        await mkdir(path).catch((cause) => {
            if (fsCode(cause) !== 'EEXIST')
                throw cause;
        });
    }
}
function newIndex() {
    return { schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests: [] };
}
async function readJson(path, dir, name) {
    const bytes = await readFile(path).catch((cause) => {
        throw new BadInputError(`cannot export to ${dir}: cannot read its ${name} (${fsReason(cause)})`, { path: dir, cause });
    });
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch (cause) {
        throw new BadInputError(`cannot export to ${dir}: its ${name} is not valid JSON`, { path: dir, cause });
    }
}
/** The index with `entry` added under `tag` (see the module comment). */
export function addToIndex(index, entry, tag) {
    const manifests = [];
    for (const existing of index.manifests) {
        const tagged = existing?.annotations?.[REF_NAME] === tag;
        const untagged = existing?.annotations?.[REF_NAME] === undefined;
        // The new entry replaces one for the same manifest that has this tag or none.
        if ((tagged || untagged) && existing?.digest === entry.digest)
            continue;
        if (!tagged) {
            manifests.push(existing);
            continue;
        }
        const { [REF_NAME]: _dropped, ...others } = existing.annotations;
        const { annotations: _old, ...rest } = existing;
        manifests.push(Object.keys(others).length > 0 ? { ...rest, annotations: others } : rest);
    }
    manifests.push({ ...entry, annotations: { ...entry.annotations, [REF_NAME]: tag } });
    return { ...index, manifests };
}
/** Writes oci-layout (for a new layout) and index.json, the latter by rename. */
export async function writeLayoutIndex(target, index) {
    const { dir } = target;
    const temporary = join(dir, `.index.json.cairn-${process.pid}`);
    try {
        if (target.newLayout)
            await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
        await writeFile(temporary, JSON.stringify(index));
        await rename(temporary, join(dir, 'index.json'));
    }
    catch (cause) {
        await rm(temporary, { force: true });
        throw new BadInputError(`cannot write the index of ${dir}: ${fsReason(cause)}`, { path: dir, cause });
    }
}
//# sourceMappingURL=layout-target.js.map