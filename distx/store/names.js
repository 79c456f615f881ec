/**
 * Names: records in packs (name events and name snapshots, JSON; see docs/store-format.md)
 * replayed into the index's `n:` keys. Setting or removing a name writes an event; gc writes
 * a snapshot of the whole table.
 */
import { BadInputError, NotFoundError } from '../errors.js';
import { DIGEST_PREFIX, parseDigest } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import { digestPrefixOf, matchingNames, MIN_DIGEST_PREFIX, parseImageName } from '../reference.js';
import { NAME_RANGE, kindPrefix, nameKey, nameOfKey } from './keys.js';
export function encodeNameEvent(event) {
    return Buffer.from(JSON.stringify(event));
}
export function encodeNameSnapshot(snapshot) {
    return Buffer.from(JSON.stringify(snapshot));
}
/** The index writes that replay one name record (an event, or a snapshot replacing the table). */
export async function nameOps(db, kind, payload) {
    const ops = [];
    const json = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (kind === RecordKind.NameSnapshot) {
        const snapshot = json;
        for await (const key of db.keys(NAME_RANGE)) {
            if (!(nameOfKey(key) in snapshot.names))
                ops.push({ type: 'del', key });
        }
        for (const [name, image] of Object.entries(snapshot.names))
            ops.push({ type: 'put', key: nameKey(name), value: Buffer.from(image) });
    }
    else {
        const event = json;
        if (event.image)
            ops.push({ type: 'put', key: nameKey(event.name), value: Buffer.from(event.image) });
        else
            ops.push({ type: 'del', key: nameKey(event.name) });
    }
    return ops;
}
/** Every name and the image it points at. */
export async function listNames(db) {
    const out = [];
    for await (const [key, value] of db.iterator(NAME_RANGE))
        out.push({ name: nameOfKey(key), image: Buffer.from(value).toString('utf8') });
    return out;
}
/** Points names at an image (each validated against the reference grammar); written with the next commit. */
export async function setNames(writer, names, manifestDigest) {
    for (const name of names)
        parseImageName(name);
    for (const name of names) {
        await writer.putMeta(RecordKind.NameEvent, encodeNameEvent({ name, image: parseDigest(manifestDigest) }));
    }
}
/**
 * Removes image names (not the data: gc reclaims what nothing names) and commits. Each reference
 * is a name (as resolveImage matches it: every stored form of it goes) or an image digest or
 * unique prefix (every name of that image goes). Returns the names removed.
 */
export async function removeNames(db, writer, refs) {
    const stored = await listNames(db);
    const doomed = new Set();
    for (const ref of refs) {
        const matched = matchingNames(ref, stored.map((n) => n.name));
        if (matched.length === 0) {
            const image = await resolveDigest(db, RecordKind.Image, ref, 'image');
            for (const n of stored)
                if (n.image === image)
                    matched.push(n.name);
            if (matched.length === 0)
                throw new NotFoundError(`image ${image} has no name to remove (gc reclaims it)`, { digest: image });
        }
        for (const name of matched)
            doomed.add(name);
    }
    const removed = [];
    for (const name of doomed) {
        await writer.putMeta(RecordKind.NameEvent, encodeNameEvent({ name, image: null }));
        removed.push(name);
    }
    await writer.commit();
    return removed;
}
/** Writes a snapshot of the whole name table (gc, before it drops the packs holding events). */
export async function snapshotNames(db, writer) {
    const names = {};
    for (const { name, image } of await listNames(db))
        names[name] = image;
    await writer.putMeta(RecordKind.NameSnapshot, encodeNameSnapshot({ names }));
}
/**
 * Resolves an image reference to a manifest digest: a name (docker's short forms match: `t`,
 * `t:latest`, `docker.io/library/t:latest`; an exact stored name wins), a digest, or a unique
 * digest prefix of at least MIN_DIGEST_PREFIX hex digits.
 */
export async function resolveImage(db, ref) {
    const names = await listNames(db);
    const matched = matchingNames(ref, names.map((n) => n.name));
    const images = [...new Set(names.filter((n) => matched.includes(n.name)).map((n) => n.image))];
    if (images.length === 1)
        return images[0];
    if (images.length > 1)
        throw new BadInputError(`ambiguous image name ${ref}: it matches ${matched.join(', ')}`, { path: ref });
    return resolveDigest(db, RecordKind.Image, ref, 'image');
}
/** Resolves a file's content digest or a unique prefix of one to a stored file's digest. */
export async function resolveFile(db, ref) {
    return resolveDigest(db, RecordKind.FileRecipe, ref, 'file');
}
/** Resolves a DiffID or a unique prefix of one to a stored layer's DiffID. */
export async function resolveLayer(db, ref) {
    return resolveDigest(db, RecordKind.LayerRecipe, ref, 'layer');
}
async function resolveDigest(db, kind, ref, what) {
    const hex = digestPrefixOf(ref);
    if (hex === undefined)
        throw new NotFoundError(`no ${what} ${what === 'image' ? 'named ' : ''}${ref} in the store`, { path: ref });
    if (hex.length < MIN_DIGEST_PREFIX) {
        throw new BadInputError(`${what} digest prefix ${ref} is too short: give at least ${MIN_DIGEST_PREFIX} hex digits`, { path: ref });
    }
    const prefix = kindPrefix(kind) + hex;
    const found = [];
    for await (const key of db.keys({ gte: prefix, lt: prefix + 'g', limit: 6 }))
        found.push(DIGEST_PREFIX + key.slice(kindPrefix(kind).length));
    if (found.length === 1)
        return found[0];
    if (found.length > 1) {
        const list = found.slice(0, 5).map((d) => d.slice(0, 7 + 16)).join(', ') + (found.length > 5 ? ', ...' : '');
        throw new BadInputError(`ambiguous ${what} digest prefix ${ref}: it matches ${list}`, { path: ref });
    }
    throw new NotFoundError(`no ${what} ${ref} in the store`, { path: ref });
}
//# sourceMappingURL=names.js.map