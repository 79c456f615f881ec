/**
 * Registry references: a docker reference (`[HOST[:PORT]/]REPOSITORY[:TAG|@DIGEST]`) with
 * docker's defaults (docker.io, library/, :latest; see ../reference.ts) split into what the
 * distribution API needs: the registry to connect to, the repository, and the tag or digest.
 */
import { isIP } from 'node:net';
import { BadParameterError } from '../errors.js';
import { DEFAULT_DOMAIN, DEFAULT_TAG, parseReference, splitDomain } from '../reference.js';
/** Where docker.io's API lives. */
export const DOCKER_HUB_API = 'registry-1.docker.io';
/** Parses and normalises a reference (`debian` → docker.io, library/debian, latest). Throws BadParameterError. */
export function parseRegistryReference(text) {
    const parsed = parseReference(text);
    const { domain, path } = splitDomain(parsed.name);
    const tag = parsed.tag ?? (parsed.digest === undefined ? DEFAULT_TAG : undefined);
    return {
        registry: domain,
        endpoint: domain === DEFAULT_DOMAIN ? DOCKER_HUB_API : domain,
        repository: path,
        tag,
        digest: parsed.digest,
        reference: parsed.digest ?? tag,
    };
}
/** The fully qualified text of a reference: `docker.io/library/debian:12`, `host:5000/app@sha256:...`. */
export function formatRegistryReference(ref) {
    return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
/** The host part of `host[:port]` (IPv6 brackets removed). */
export function hostOf(endpoint) {
    if (endpoint.startsWith('['))
        return endpoint.slice(1, endpoint.indexOf(']'));
    const colon = endpoint.lastIndexOf(':');
    return colon < 0 ? endpoint : endpoint.slice(0, colon);
}
/** Loopback registries are spoken to over plain HTTP when they do not speak TLS, as docker does. */
export function isLoopback(endpoint) {
    const host = hostOf(endpoint).toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    if (isIP(host) === 4)
        return host.startsWith('127.');
    if (isIP(host) === 6)
        return host === '::1';
    return false;
}
/** A repository path alone (`team/app`), checked by the reference grammar. */
export function checkRepository(repository) {
    if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
        throw new BadParameterError('repository', `not a repository name: ${JSON.stringify(repository)}`);
    }
    return repository;
}
//# sourceMappingURL=reference.js.map