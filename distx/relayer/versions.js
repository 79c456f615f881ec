/**
 * The images given to `cairn relayer`, as versions: resolved to manifests, each with the tag
 * its re-layered image takes, in version order (tags sorted as the report sorts them).
 */
import { BadInputError } from '../errors.js';
import { compareTags, splitName } from '../report/upgrades.js';
/** The tag of an image: the reference's own, else one of the store's names for it, else its digest's start. */
async function tagOf(store, ref, manifest, names) {
    const own = /^(sha256:)?[0-9a-f]{4,64}$/i.test(ref) ? undefined : splitName(ref).tag;
    if (own !== undefined)
        return own;
    const named = names.filter((n) => n.image === manifest).map((n) => splitName(n.name).tag).filter((t) => t !== undefined).sort(compareTags);
    return named[named.length - 1] ?? `sha256-${manifest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
}
/** Resolves and orders the versions; refuses two references to one image or one tag. */
export async function resolveVersions(store, refs) {
    if (refs.length === 0)
        throw new BadInputError('relayer: give at least one image');
    const names = await store.listNames();
    const versions = [];
    for (const ref of refs) {
        const manifest = await store.resolveImage(ref);
        const tag = await tagOf(store, ref, manifest, names);
        const twin = versions.find((v) => v.manifest === manifest || v.tag === tag);
        if (twin)
            throw new BadInputError(`relayer: ${ref} and ${twin.ref} are the same ${twin.manifest === manifest ? 'image' : 'tag'}: give each version once`);
        versions.push({ ref, manifest, tag });
    }
    return versions.sort((a, b) => compareTags(a.tag, b.tag));
}
//# sourceMappingURL=versions.js.map