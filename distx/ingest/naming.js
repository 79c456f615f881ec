/**
 * The names an ingest gives its images (the rules the README states under `ingest`):
 *
 * - A directory or a lone layer tar becomes one image named `--name`, else named after the path
 *   (`app.tar.gz` → `app:latest`, as a layout's bare tags take its directory's name).
 * - An input that names its own images (OCI layout, OCI archive, docker-archive) keeps those
 *   names. `--name REPO` is then the repository of a layout's bare tags; when no image took a
 *   name from it, or when it has a tag (`--name REPO:TAG`), it also names the image, and it is
 *   refused when the input holds several images: a name is never silently dropped.
 * - Every name is checked against the reference grammar (src/reference.ts); a name an input
 *   carries that breaks it (a directory called `My Layout`) is repaired (`my-layout:v1`) with a
 *   warning, and a name given by the caller that breaks it is refused.
 */
import { basename, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { DEFAULT_TAG, nameFromPath, parseImageName, splitDomain } from '../reference.js';
/** The repository part of a name (`a/b:1` → `a/b`), normalised so that `t` and `docker.io/library/t` compare equal. */
function repositoryOf(name) {
    const reference = parseImageName(name);
    const { domain, path } = splitDomain(reference.name);
    return `${domain}/${path}`;
}
/** A name an input gave, made valid where it can be (lowercase, other characters as `-`); undefined when it cannot. */
export function repairName(name) {
    try {
        parseImageName(name);
        return name;
    }
    catch {
        const colon = name.lastIndexOf(':');
        const hasTag = colon > name.lastIndexOf('/');
        const repository = (hasTag ? name.slice(0, colon) : name).split('/').map(nameFromPath).join('/');
        const tag = hasTag ? name.slice(colon + 1).replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 128) : '';
        const repaired = tag ? `${repository}:${tag}` : repository;
        try {
            parseImageName(repaired);
            return repaired;
        }
        catch {
            return undefined;
        }
    }
}
/** The default name of a directory's or lone layer tar's image: its base name as a repository, tag latest. */
export function defaultName(path) {
    return `${nameFromPath(basename(resolve(path)))}:${DEFAULT_TAG}`;
}
/**
 * The names an image source gets before `--name` is applied to a self-naming input: its own
 * names, repaired (with a warning) where they break the grammar; for a directory or lone layer
 * tar, the name given or the one made from its path. `analyze` names images this way too.
 */
export function sourceNames(image, onWarning) {
    if (!image.manifest) {
        return image.names[0] !== undefined ? { names: [image.names[0]], namedAfterPath: false } : { names: [defaultName(image.path)], namedAfterPath: true };
    }
    const names = [];
    for (const name of image.names) {
        const repaired = repairName(name);
        if (repaired !== name) {
            onWarning?.(`${image.what}: name ${JSON.stringify(name)} is not a valid reference; ${repaired ? `stored as ${repaired}` : 'not stored'}`);
        }
        if (repaired && !names.includes(repaired))
            names.push(repaired);
    }
    return { names, namedAfterPath: false };
}
/** Checks a name the caller gave (--name); throws BadParameterError when it is not a reference. */
export function checkGivenName(name) {
    if (name !== undefined)
        parseImageName(name);
}
/**
 * Adds `--name` to the images of one self-naming input (see the module comment). `images` are
 * the input's images with the names they already have; returns the names to add per image.
 */
export function applyGivenName(name, path, images) {
    const extra = images.map(() => []);
    const reference = parseImageName(name);
    const repository = repositoryOf(name);
    const usedAsRepository = images.some((i) => i.names.some((n) => {
        try {
            return repositoryOf(n) === repository;
        }
        catch {
            return false;
        }
    }));
    if (reference.tag === undefined && usedAsRepository)
        return extra;
    if (images.length > 1) {
        throw new BadInputError(`--name ${name}: ${path} holds ${images.length} images, and a name names one; drop --name (the images keep their own names)`
            + `${reference.tag !== undefined ? ', or give only a repository for bare tags' : ''}`, { path });
    }
    if (images.length === 1 && !images[0].names.includes(name))
        extra[0].push(name);
    return extra;
}
//# sourceMappingURL=naming.js.map