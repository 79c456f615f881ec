/**
 * Manifests as registries serve them: the media types cairn asks for, telling an index from an
 * image manifest, and picking an index's entry for a platform (`os/arch[/variant]`, default
 * the host's). Pure functions.
 */
import { arch } from 'node:os';
import { BadInputError, BadParameterError } from '../errors.js';
import { MEDIA_TYPES } from '../recipe/index.js';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_SCHEMA1 = ['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws'];
/** The manifest media types cairn reads, for the Accept header. */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.manifest, MEDIA_TYPES.index, MEDIA_TYPES.dockerManifest, DOCKER_MANIFEST_LIST].join(', ');
/** Manifests larger than this are refused (the distribution spec's recommended limit). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Indexes nested deeper than this are refused. */
export const MAX_INDEX_DEPTH = 4;
export function isIndexMediaType(mediaType) {
    return mediaType === MEDIA_TYPES.index || mediaType === DOCKER_MANIFEST_LIST;
}
/** The host's platform as OCI names it (linux/amd64, linux/arm64/v8...). */
export function hostPlatform() {
    const a = arch();
    const architecture = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' }[a] ?? a;
    return { os: 'linux', architecture, ...(architecture === 'arm64' ? { variant: 'v8' } : {}) };
}
/** `os/arch[/variant]` → Platform. */
export function parsePlatform(text) {
    const parts = text.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/i.test(p))) {
        throw new BadParameterError('platform', `--platform: expected OS/ARCH[/VARIANT] (e.g. linux/amd64), got ${JSON.stringify(text)}`);
    }
    return { os: parts[0], architecture: parts[1], ...(parts[2] ? { variant: parts[2] } : {}) };
}
export function formatPlatform(p) {
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
/**
 * The index entry for `platform`: same os and architecture; a variant asked must match
 * (arm64 without variant means v8); without one asked, the entry with no variant or the first.
 * Attestation entries (unknown/unknown) never match.
 */
export function choosePlatform(index, platform, what) {
    const entries = (index.manifests ?? []).filter((m) => m.platform?.os === platform.os && m.platform?.architecture === platform.architecture);
    const normal = (v) => (v === undefined && platform.architecture === 'arm64' ? 'v8' : v);
    const exact = entries.find((m) => normal(m.platform?.variant) === normal(platform.variant));
    const chosen = exact ?? (platform.variant === undefined || platform.architecture === 'arm64' ? entries[0] : undefined);
    if (!chosen) {
        const offered = (index.manifests ?? []).map((m) => (m.platform ? formatPlatform(m.platform) : '?')).join(', ');
        throw new BadInputError(`${what} has no image for ${formatPlatform(platform)} (it has: ${offered || 'none'}); give --platform`);
    }
    return chosen;
}
/** Parses manifest bytes as JSON; refuses schema 1 and non-objects. */
export function parseManifest(bytes, contentType, what) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch (cause) {
        throw new BadInputError(`${what}: the manifest is not valid JSON`, { cause });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        throw new BadInputError(`${what}: the manifest is not a JSON object`);
    const mediaType = json.mediaType ?? contentType?.split(';')[0]?.trim() ?? (json.manifests ? MEDIA_TYPES.index : MEDIA_TYPES.manifest);
    if (DOCKER_SCHEMA1.includes(mediaType) || json.schemaVersion === 1)
        throw new BadInputError(`${what}: docker schema 1 manifests are not supported`);
    return { mediaType, json };
}
//# sourceMappingURL=manifest.js.map