/**
 * Which upgrades a report prices: those asked for (`--upgrade FROM..TO`), and automatically
 * each pair of consecutive tags of one repository. Tags are ordered as versions, whatever the
 * order the images were given in, so that `analyze` and `report` find the same pairs: runs of
 * digits compare as numbers (and come before words: `1.2` < `latest`), other runs as text,
 * and a tag that extends another with a pre-release suffix (`1.2.0-rc1`) comes before it
 * (`1.2.0`).
 */
import { BadInputError } from '../errors.js';
/** Parses `FROM..TO`. */
export function parseUpgrade(text) {
    const at = text.indexOf('..');
    const from = at >= 0 ? text.slice(0, at).trim() : '';
    const to = at >= 0 ? text.slice(at + 2).trim() : '';
    if (!from || !to || to.includes('..'))
        throw new BadInputError(`--upgrade: expected FROM..TO (two image names), got ${JSON.stringify(text)}`);
    return { from, to };
}
/** `repo:tag` → [repo, tag]; a name without a tag (or with a digest) has no tag. */
export function splitName(name) {
    if (name.includes('@'))
        return { repository: name.slice(0, name.indexOf('@')), tag: undefined };
    const colon = name.lastIndexOf(':');
    if (colon <= name.lastIndexOf('/'))
        return { repository: name, tag: undefined };
    return { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
}
function tokens(tag) {
    return tag.match(/\d+|\D+/g) ?? [];
}
/** Orders tags as versions (see the module comment). */
export function compareTags(a, b) {
    const x = tokens(a);
    const y = tokens(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const p = x[i];
        const q = y[i];
        if (p === q)
            continue;
        const pn = /^\d/.test(p);
        const qn = /^\d/.test(q);
        if (pn && qn) {
            const d = Number(p) - Number(q);
            if (d !== 0)
                return d;
            return p.length - q.length;
        }
        if (pn !== qn)
            return pn ? -1 : 1; // numbers before words: 1.2 < latest
        return p < q ? -1 : 1;
    }
    if (x.length === y.length)
        return 0;
    // One extends the other: a pre-release suffix sorts first, any other suffix after.
    const longer = x.length > y.length ? x : y;
    const suffixFirst = longer[Math.min(x.length, y.length)].startsWith('-');
    const aLonger = x.length > y.length;
    return (aLonger === suffixFirst) ? -1 : 1;
}
/**
 * Consecutive tags of each repository, as pairs of image indexes. Images are given by their
 * names; an image named twice in one repository (`app:1.2`, `app:latest`) takes part once per
 * name, and a step between two names of one image is skipped.
 */
export function consecutiveTagPairs(images) {
    const repositories = new Map();
    for (const [image, { names }] of images.entries()) {
        for (const name of names) {
            const { repository, tag } = splitName(name);
            if (tag === undefined)
                continue;
            let tags = repositories.get(repository);
            if (!tags)
                repositories.set(repository, (tags = []));
            tags.push({ tag, image });
        }
    }
    const pairs = [];
    const seen = new Set();
    for (const tags of repositories.values()) {
        tags.sort((a, b) => compareTags(a.tag, b.tag));
        for (let i = 1; i < tags.length; i++) {
            const from = tags[i - 1].image;
            const to = tags[i].image;
            const key = `${from}>${to}`;
            if (from === to || seen.has(key))
                continue;
            seen.add(key);
            pairs.push([from, to]);
        }
    }
    return pairs;
}
/** The index of the image a reference names: a name, a label, a manifest digest or a unique prefix of one (4+ hex digits). */
export function findImage(images, ref) {
    const byName = images.findIndex((i) => i.names.includes(ref) || i.label === ref);
    if (byName >= 0)
        return byName;
    const hex = ref.toLowerCase().replace(/^sha256:/, '');
    if (/^[0-9a-f]{4,64}$/.test(hex)) {
        const matches = images.map((img, i) => (img.manifest.slice('sha256:'.length).startsWith(hex) ? i : -1)).filter((i) => i >= 0);
        if (matches.length === 1)
            return matches[0];
        if (matches.length > 1)
            throw new BadInputError(`--upgrade: ${ref} matches several images`);
    }
    throw new BadInputError(`--upgrade: no image ${ref} among the inputs (have: ${images.map((i) => i.label).join(', ') || 'none'})`);
}
//# sourceMappingURL=upgrades.js.map