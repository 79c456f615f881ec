/**
 * Where the store has seen blobs in registries: per registry, blob digest → a repository that
 * holds it, recorded by push and pull (`registry-blobs.json` in the store directory). Push
 * mounts a blob from such a repository instead of uploading it. A hint only: a wrong or stale
 * entry costs one refused mount. Bounded: the oldest entries go past MAX_ENTRIES per registry.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
const FILE = 'registry-blobs.json';
const MAX_ENTRIES = 20_000;
async function load(storeDir) {
    try {
        const parsed = JSON.parse(await readFile(join(storeDir, FILE), 'utf8'));
        return typeof parsed === 'object' && parsed !== null ? parsed : {};
    }
    catch {
        return {};
    }
}
/** A repository of `registry` known to hold `digest`, other than `exceptRepository`. */
export async function knownLocation(storeDir, registry, digest, exceptRepository) {
    const repository = (await load(storeDir))[registry]?.[digest];
    return repository !== undefined && repository !== exceptRepository ? repository : undefined;
}
/** Records that `repository` of `registry` holds these blobs (best effort: a failure to write is ignored). */
export async function rememberLocations(storeDir, registry, repository, digests) {
    if (digests.length === 0)
        return;
    const all = await load(storeDir);
    const entries = all[registry] ?? {};
    for (const digest of digests) {
        delete entries[digest];
        entries[digest] = repository;
    }
    const keys = Object.keys(entries);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES)))
        delete entries[key];
    all[registry] = entries;
    const temporary = join(storeDir, `.${FILE}.${process.pid}`);
    try {
        await writeFile(temporary, JSON.stringify(all));
        await rename(temporary, join(storeDir, FILE));
    }
    catch {
        // a hint only
    }
}
//# sourceMappingURL=blob-locations.js.map