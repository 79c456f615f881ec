/**
 * The registry client: the distribution API (OCI distribution spec v1.1) over transport.ts,
 * with auth (auth.ts) and traffic counts. One client speaks to one registry; repositories are
 * given per call. Everything fetched is checked: manifests against the digest asked for (or
 * the one the registry states for a tag), blobs against their digest and size as they stream.
 *
 *   const client = RegistryClient.forReference(parseRegistryReference('127.0.0.1:5000/app:v1'), { creds: 'u:p' });
 *   const { manifest } = await client.resolveImage('app', 'v1');
 *   for await (const bytes of client.getBlob('app', digest, { size })) ...
 *   client.close();
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadInputError, CorruptDataError } from '../errors.js';
import { sha256Digest } from '../digest.js';
import { Authenticator, readSmall, repositoryScope } from './auth.js';
import { findCredentials } from './credentials.js';
import { RegistryUnreachableError } from './errors.js';
import { responseFailure } from './response-errors.js';
import { uploadWithRetries } from './upload.js';
import { choosePlatform, hostPlatform, isIndexMediaType, MANIFEST_ACCEPT, MAX_INDEX_DEPTH, MAX_MANIFEST_BYTES, parseManifest, } from './manifest.js';
import { Transport } from './transport.js';
export class RegistryClient {
    /** The registry as docker names it (docker.io, host:port). */
    registry;
    #transport;
    #auth;
    #push;
    #sent = {};
    #received = {};
    #backoffMs;
    /** A client for `registry` (docker's name) at `endpoint` (host:port to connect to). */
    constructor(registry, endpoint, repository, options = {}) {
        this.registry = registry;
        this.#transport = new Transport(endpoint, options);
        const credentials = options.credentials !== undefined ? options.credentials ?? undefined : findCredentials(registry, repository, options);
        this.#auth = new Authenticator(registry, credentials, this.#transport);
        this.#push = options.push ?? false;
        this.#backoffMs = options.backoffMs ?? 200;
    }
    /** A client for the registry of a parsed reference (credentials looked up for its repository). */
    static forReference(ref, options = {}) {
        return new RegistryClient(ref.registry, ref.endpoint, ref.repository, options);
    }
    /** Requests and bytes so far (a copy). */
    get stats() {
        return { requests: this.#transport.requests, sent: { ...this.#sent }, received: { ...this.#received } };
    }
    /** Closes idle connections; call when done. */
    close() {
        this.#transport.close();
    }
    /**
     * Any request, authenticated (401 answered once through the challenge), its body bytes
     * counted. Throws RegistryDeniedError when access stays refused, RegistryUnreachableError
     * when no answer comes. Other statuses are returned as they are.
     */
    async request(req) {
        const scopes = [repositoryScope(req.repository, this.#push ? ['pull', 'push'] : ['pull']), ...(req.extraScopes ?? [])];
        const kind = req.kind ?? 'other';
        let authorization = this.#auth.cachedHeader(scopes);
        // A 401 is answered once through the challenge (a cached header may have gone stale); a second one is a refusal.
        let answered = false;
        for (;;) {
            const headers = { ...req.headers, ...(authorization ? { authorization } : {}) };
            const response = await this.#transport.send({ method: req.method, url: req.path, headers, body: req.body, retry: req.retry });
            const length = Buffer.isBuffer(req.body) ? req.body.length : req.body ? req.bodyLength ?? 0 : 0;
            if (length > 0)
                this.#sent[kind] = (this.#sent[kind] ?? 0) + length;
            if (response.status === 401 && !answered) {
                response.body.resume();
                authorization = await this.#auth.answer(response.headers['www-authenticate'], scopes, authorization);
                answered = true;
                continue;
            }
            if ((response.status === 401 || response.status === 403) && authorization !== undefined) {
                response.body.resume();
                throw this.#auth.refused(scopes, response.status);
            }
            if (response.status === 401) {
                response.body.resume();
                throw this.#auth.refused(scopes, response.status);
            }
            const received = this.#received;
            const counted = new Transform({
                transform(chunk, _encoding, done) {
                    received[kind] = (received[kind] ?? 0) + chunk.length;
                    done(null, chunk);
                },
            });
            pipeline(response.body, counted).catch(() => { });
            return { status: response.status, headers: response.headers, url: response.url, body: counted };
        }
    }
    /** An error for an unexpected answer (see responseFailure). */
    #failure(response, what) {
        return responseFailure(this.registry, response, what);
    }
    // ------------------------------------------------------------------ manifests
    /**
     * GET a manifest or index by tag or digest, at most 4 MiB. Its digest is checked against the
     * digest asked for, else against the registry's Docker-Content-Digest when given.
     */
    async getManifest(repository, reference, options = {}) {
        const what = `manifest ${repository}:${reference}`.replace(':sha256:', '@sha256:');
        const response = await this.request({ method: 'GET', path: `/v2/${repository}/manifests/${reference}`, repository, headers: { accept: MANIFEST_ACCEPT }, kind: options.kind ?? 'manifest' });
        if (response.status !== 200)
            throw await this.#failure(response, what);
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > MAX_MANIFEST_BYTES) {
            response.body.destroy();
            throw new BadInputError(`${what}: ${declared} bytes, larger than the ${MAX_MANIFEST_BYTES}-byte limit for manifests`);
        }
        const bytes = await readSmall(response.body, MAX_MANIFEST_BYTES).catch((error) => {
            if (error instanceof RangeError)
                throw new BadInputError(`${what}: larger than the ${MAX_MANIFEST_BYTES}-byte limit for manifests`);
            throw this.#bodyError(error);
        });
        const digest = sha256Digest(bytes);
        const expected = reference.includes(':') ? reference : headerValue(response.headers['docker-content-digest']);
        if (expected !== undefined && expected.startsWith('sha256:') && expected !== digest) {
            throw new CorruptDataError(`${what}: the registry sent bytes whose digest is ${digest}, not ${expected}`, { digest: expected });
        }
        const { mediaType, json } = parseManifest(bytes, headerValue(response.headers['content-type']), what);
        return { digest, mediaType, bytes, json };
    }
    /** HEAD a manifest: its digest, media type and size, or undefined when the registry has none by that reference. */
    async headManifest(repository, reference) {
        const response = await this.request({ method: 'HEAD', path: `/v2/${repository}/manifests/${reference}`, repository, headers: { accept: MANIFEST_ACCEPT }, kind: 'manifest' });
        response.body.resume();
        if (response.status === 404)
            return undefined;
        if (response.status !== 200)
            throw await this.#failure(response, `manifest ${repository}:${reference}`);
        return {
            digest: headerValue(response.headers['docker-content-digest']),
            mediaType: headerValue(response.headers['content-type'])?.split(';')[0],
            size: Number(response.headers['content-length'] ?? 0),
        };
    }
    /**
     * Resolves a tag or digest to one image manifest: an index (or docker manifest list) picks
     * the entry for `platform` (default: the host's), nested indexes followed up to 4 deep.
     */
    async resolveImage(repository, reference, options = {}) {
        const platform = options.platform ?? hostPlatform();
        const indexes = [];
        let current = await this.getManifest(repository, reference);
        while (isIndexMediaType(current.mediaType) || (current.json.manifests && !current.json.layers)) {
            if (indexes.length >= MAX_INDEX_DEPTH)
                throw new BadInputError(`${repository}:${reference}: indexes nested more than ${MAX_INDEX_DEPTH} deep; refused`);
            indexes.push(current);
            const entry = choosePlatform(current.json, platform, `${this.registry}/${repository}:${reference}`);
            current = await this.getManifest(repository, entry.digest);
        }
        if (!current.json.config || !Array.isArray(current.json.layers))
            throw new BadInputError(`${repository}:${reference}: ${current.digest} is not an image manifest (no config or layers)`);
        return { manifest: current, indexes };
    }
    /** PUT a manifest under a tag or its digest; returns its digest. */
    async putManifest(repository, reference, bytes, mediaType, options = {}) {
        const response = await this.request({
            method: 'PUT', path: `/v2/${repository}/manifests/${reference}`, repository, headers: { 'content-type': mediaType }, body: bytes, kind: options.kind ?? 'manifest',
        });
        if (response.status !== 201 && response.status !== 200)
            throw await this.#failure(response, `PUT manifest ${repository}:${reference}`);
        response.body.resume();
        return sha256Digest(bytes);
    }
    /** Every tag of a repository (pages followed). */
    async listTags(repository) {
        const tags = [];
        let path = `/v2/${repository}/tags/list?n=1000`;
        for (let page = 0; path !== undefined && page < 10_000; page++) {
            const response = await this.request({ method: 'GET', path, repository, kind: 'manifest' });
            if (response.status !== 200)
                throw await this.#failure(response, `tags of ${repository}`);
            const body = JSON.parse((await readSmall(response.body, MAX_MANIFEST_BYTES)).toString('utf8'));
            tags.push(...(body.tags ?? []));
            const next = /<([^>]+)>;\s*rel="?next"?/.exec(headerValue(response.headers['link']) ?? '');
            path = next ? new URL(next[1], response.url).href : undefined;
        }
        return tags;
    }
    /**
     * The referrers of a manifest (distribution spec 1.1 referrers API), optionally of one
     * artifact type; undefined when the registry has no referrers API (it answers 404).
     */
    async getReferrers(repository, digest, artifactType) {
        const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
        const response = await this.request({ method: 'GET', path: `/v2/${repository}/referrers/${digest}${query}`, repository, headers: { accept: 'application/vnd.oci.image.index.v1+json' }, kind: 'manifest' });
        if (response.status === 404) {
            response.body.resume();
            return undefined;
        }
        if (response.status !== 200)
            throw await this.#failure(response, `referrers of ${digest}`);
        const bytes = await readSmall(response.body, MAX_MANIFEST_BYTES);
        const { json } = parseManifest(bytes, headerValue(response.headers['content-type']), `referrers of ${digest}`);
        const all = json.manifests ?? [];
        return artifactType ? all.filter((m) => m.artifactType === artifactType) : all;
    }
    // ------------------------------------------------------------------ blobs
    /**
     * GET a blob, raw: the response as it comes (200, or 206 for a range), not verified. For
     * Range requests (`range: 'bytes=0-99'` or several ranges); other statuses throw.
     */
    async openBlob(repository, digest, options = {}) {
        const headers = options.range ? { range: options.range } : {};
        const response = await this.request({ method: 'GET', path: `/v2/${repository}/blobs/${digest}`, repository, headers, kind: options.kind ?? 'layer' });
        if (response.status !== 200 && response.status !== 206)
            throw await this.#failure(response, `blob ${digest} of ${repository}`);
        return response;
    }
    /**
     * A blob's bytes as they stream, checked: the stream throws CorruptDataError at its end when
     * the sha256 or the size (when given) is not the one asked for, so no consumer may trust
     * what it read before the end.
     */
    async *getBlob(repository, digest, options = {}) {
        const response = await this.openBlob(repository, digest, { kind: options.kind });
        const hash = createHash('sha256');
        let length = 0;
        try {
            for await (const chunk of response.body) {
                hash.update(chunk);
                length += chunk.length;
                if (options.size !== undefined && length > options.size)
                    throw new CorruptDataError(`blob ${digest} from ${this.registry}: longer than its ${options.size} bytes`, { digest });
                yield chunk;
            }
        }
        catch (error) {
            response.body.destroy();
            throw this.#bodyError(error);
        }
        const got = `sha256:${hash.digest('hex')}`;
        if (got !== digest)
            throw new CorruptDataError(`blob ${digest} from ${this.registry}: its bytes hash to ${got}; refused`, { digest });
        if (options.size !== undefined && length !== options.size)
            throw new CorruptDataError(`blob ${digest} from ${this.registry}: ${length} bytes, not ${options.size}`, { digest });
    }
    /** A small blob (a config) whole, checked against its digest; at most `limit` bytes (default 4 MiB). */
    async getBlobBytes(repository, digest, options = {}) {
        const limit = options.limit ?? MAX_MANIFEST_BYTES;
        const parts = [];
        let length = 0;
        for await (const chunk of this.getBlob(repository, digest, { kind: options.kind ?? 'config' })) {
            length += chunk.length;
            if (length > limit)
                throw new BadInputError(`blob ${digest}: larger than the ${limit}-byte limit`);
            parts.push(chunk);
        }
        return Buffer.concat(parts);
    }
    /** HEAD a blob: its size when the repository has it, undefined when not. */
    async headBlob(repository, digest) {
        const response = await this.request({ method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, repository });
        response.body.resume();
        if (response.status === 404)
            return undefined;
        if (response.status !== 200)
            throw await this.#failure(response, `HEAD blob ${digest}`);
        return Number(response.headers['content-length'] ?? 0);
    }
    /** Cross-repository mount of a blob from `fromRepository` of the same registry; true when mounted. */
    async mountBlob(repository, digest, fromRepository) {
        const path = `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`;
        const response = await this.request({ method: 'POST', path, repository, extraScopes: [repositoryScope(fromRepository, ['pull'])] });
        response.body.resume();
        if (response.status === 201)
            return true;
        if (response.status === 202) {
            // The registry opened an upload instead: cancel it.
            const location = headerValue(response.headers['location']);
            if (location) {
                await this.request({ method: 'DELETE', path: new URL(location, response.url).href, repository, retry: false }).then((r) => r.body.resume(), () => undefined);
            }
            return false;
        }
        throw await this.#failure(response, `mount of ${digest} from ${fromRepository}`);
    }
    /**
     * Uploads a blob: POST a session, then one PUT (monolithic) or PATCHes of `chunkSize` bytes
     * then a closing PUT (chunked). `open(start, end)` opens bytes [start, end) afresh each time
     * (a retry reopens). A failed upload is retried from the start with backoff, up to 3 times.
     */
    async uploadBlob(repository, digest, size, open, options = {}) {
        await uploadWithRetries(this, repository, digest, size, open, { ...options, backoffMs: this.#backoffMs });
    }
    #bodyError(error) {
        if (error instanceof CorruptDataError || error instanceof BadInputError)
            return error;
        const code = error?.code;
        if (code !== undefined || error?.message === 'aborted') {
            return new RegistryUnreachableError(this.registry, `connection lost while reading (${error.message})`, error);
        }
        return error;
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
//# sourceMappingURL=client.js.map