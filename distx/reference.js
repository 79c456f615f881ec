/**
 * Image references as docker and the OCI distribution spec write them, and how cairn matches
 * them against the names it stores. Pure functions: no store, no I/O.
 *
 * Grammar (github.com/distribution/reference, regexp.go):
 *
 *   reference        := name [ ":" tag ] [ "@" digest ]
 *   name             := [domain "/"] path-component ["/" path-component]*   (at most 255 characters)
 *   domain           := host [":" port]        host := domain-name | "[" IPv6 "]"
 *   domain-name      := domain-component ["." domain-component]*
 *   domain-component := /[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]/
 *   path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*    separator := /[_.]|__|[-]+/
 *   tag              := /[\w][\w.-]{0,127}/
 *   digest           := algorithm ":" hex (32 hex digits or more)
 *
 * Docker's normalisation (normalize.go): a first component that has no "." or ":" and is not
 * "localhost" is not a domain, so the domain is docker.io; "index.docker.io" is docker.io; a
 * one-component path on docker.io gets "library/"; a name without tag or digest means ":latest".
 * So `t`, `t:latest`, `library/t:latest` and `docker.io/library/t:latest` are one image name.
 *
 * A cairn image name is a reference without a digest (`repo` or `repo:tag`).
 */
import { BadParameterError } from './errors.js';
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*))(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** Hex digits of the digests go-digest knows. */
const DIGEST_LENGTHS = { sha256: 64, sha384: 96, sha512: 128 };
export const NAME_MAX_LENGTH = 255;
export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
function invalid(text, why) {
    return new BadParameterError('name', `invalid image name ${JSON.stringify(text)}: ${why}`);
}
/** Parses a reference by the grammar above; throws BadParameterError (parameter `name`) saying why it is not one. */
export function parseReference(text) {
    if (text.length === 0)
        throw invalid(text, 'empty');
    const match = REFERENCE.exec(text);
    if (!match) {
        const lowered = REFERENCE.exec(text.toLowerCase());
        if (lowered)
            throw invalid(text, 'repository names must be lowercase');
        throw invalid(text, 'expected [registry/]repository[:tag], e.g. app:v1 or docker.io/library/debian:12');
    }
    const [, name, domain, path, tag, digest] = match;
    if (name.length > NAME_MAX_LENGTH)
        throw invalid(text, `longer than ${NAME_MAX_LENGTH} characters`);
    if (digest !== undefined) {
        const [algorithm, hex] = digest.split(':');
        const length = DIGEST_LENGTHS[algorithm];
        if (length === undefined)
            throw invalid(text, `unsupported digest algorithm ${algorithm}`);
        if (hex.length !== length)
            throw invalid(text, `a ${algorithm} digest has ${length} hex digits`);
    }
    return { name: name, domain, path: path, tag, digest };
}
/** Parses an image name as cairn stores it: a reference without a digest. */
export function parseImageName(text) {
    const reference = parseReference(text);
    if (reference.digest !== undefined)
        throw invalid(text, 'an image name takes a tag, not a digest');
    if (/^[0-9a-f]{64}$/.test(reference.name))
        throw invalid(text, '64 hex digits read as a digest, not a name');
    return reference;
}
/** Docker's split of a name into domain and path (see the module comment). */
export function splitDomain(name) {
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    let domain;
    let path;
    if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
        domain = DEFAULT_DOMAIN;
        path = name;
    }
    else {
        domain = first;
        path = name.slice(slash + 1);
    }
    if (domain === 'index.docker.io')
        domain = DEFAULT_DOMAIN;
    if (domain === DEFAULT_DOMAIN && !path.includes('/'))
        path = `library/${path}`;
    return { domain, path };
}
/** The fully qualified form: `t` → `docker.io/library/t:latest`; a reference with a digest keeps it and gets no tag. */
export function normalizeReference(text) {
    const reference = parseReference(text);
    const { domain, path } = splitDomain(reference.name);
    const tag = reference.tag ?? (reference.digest === undefined ? DEFAULT_TAG : undefined);
    return `${domain}/${path}${tag !== undefined ? `:${tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}
/** The short form docker prints: `docker.io/library/t:latest` → `t:latest`. */
export function familiarReference(text) {
    const reference = parseReference(text);
    const { domain, path } = splitDomain(reference.name);
    let name = `${domain}/${path}`;
    if (domain === DEFAULT_DOMAIN)
        name = path.startsWith('library/') && !path.slice(8).includes('/') ? path.slice(8) : path;
    return `${name}${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}
/** The normalised form of a name, or undefined when it is not a reference (names stored before validation). */
function normalizedOrUndefined(text) {
    try {
        return normalizeReference(text);
    }
    catch {
        return undefined;
    }
}
/**
 * The stored names a reference means: the name itself when stored, else every stored name with
 * the same normalised form (so `t:latest` finds `docker.io/library/t:latest` and back).
 */
export function matchingNames(ref, stored) {
    if (stored.includes(ref))
        return [ref];
    const wanted = normalizedOrUndefined(ref);
    if (wanted === undefined)
        return [];
    return stored.filter((name) => normalizedOrUndefined(name) === wanted);
}
/** True when the text could be a digest or a prefix of one (hex, with or without `sha256:`). */
export function digestPrefixOf(ref) {
    const hex = ref.trim().toLowerCase().replace(/^sha256:/, '');
    return /^[0-9a-f]{1,64}$/.test(hex) ? hex : undefined;
}
/** The shortest prefix length cairn accepts for a digest. */
export const MIN_DIGEST_PREFIX = 4;
/** A name made from a file or directory name: lowercased, other characters as `-` (`My App.tar` → `my-app`). */
export function nameFromPath(base) {
    const stem = base.replace(/\.(tar|tgz|tzst|oci)(\.(gz|zst|zstd))?$/i, '');
    const cleaned = stem.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '');
    return (cleaned || 'image').slice(0, 128);
}
//# sourceMappingURL=reference.js.map