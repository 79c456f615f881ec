/** The ChunkRemote of one repository through cairn's registry client (auth, TLS, retries, redirects are the client's). */
import { Readable } from 'node:stream';
import { BadInputError } from '../../errors.js';
import { readSmall } from '../auth.js';
import { RegistryResponseError } from '../errors.js';
import { MANIFEST_ACCEPT, MAX_MANIFEST_BYTES } from '../manifest.js';
/** The largest blob body read whole here (a chunk index, a pack, a range answer). */
const MAX_BODY = 256 << 20;
const headersOf = (response) => Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
async function fail(response, what) {
    const text = (await readSmall(response.body, 64 << 10).catch(() => Buffer.alloc(0))).toString('utf8').slice(0, 200);
    throw new RegistryResponseError(`${what}: the registry answered ${response.status} ${text}`.trim(), response.status, []);
}
async function readBody(response, limit, what) {
    const declared = Number(headersOf(response)['content-length']);
    if (Number.isSafeInteger(declared) && declared >= 0 && declared <= limit) {
        // The length is known: one buffer filled as the body comes, not pieces joined at the end.
        const out = Buffer.allocUnsafe(declared);
        let at = 0;
        for await (const piece of response.body) {
            if (at + piece.length > declared) {
                response.body.destroy();
                throw new BadInputError(`${what}: longer than its Content-Length`);
            }
            piece.copy(out, at);
            at += piece.length;
        }
        if (at !== declared)
            throw new BadInputError(`${what}: ${at} bytes, its Content-Length says ${declared}`);
        return out;
    }
    return readSmall(response.body, limit).catch((error) => {
        if (error instanceof RangeError)
            throw new BadInputError(`${what}: larger than the ${limit}-byte limit`);
        throw error;
    });
}
/**
 * `locate`: another repository of the registry known to hold a blob (the store's blob
 * locations), for mounts; without it the remote mounts nothing.
 */
export function clientRemote(client, repository, locate) {
    return {
        registry: client.registry,
        async getBlob(digest, range, kind = 'chunks') {
            const response = await client.request({ method: 'GET', path: `/v2/${repository}/blobs/${digest}`, repository, headers: range ? { range } : {}, kind });
            if (response.status === 416) {
                response.body.resume();
                return { status: 416, headers: headersOf(response), body: Buffer.alloc(0) };
            }
            if (response.status !== 200 && response.status !== 206)
                return fail(response, `blob ${digest} of ${repository}`);
            return { status: response.status, headers: headersOf(response), body: await readBody(response, MAX_BODY, `blob ${digest}`) };
        },
        async streamBlob(digest, kind = 'deltas') {
            const stream = client.getBlob(repository, digest, { kind });
            // The request goes out now, so that a refusal throws here; its bytes follow as read.
            const first = await stream.next();
            return (async function* () {
                if (first.done)
                    return;
                yield first.value;
                yield* stream;
            })();
        },
        async hasBlob(digest) {
            return (await client.headBlob(repository, digest)) !== undefined;
        },
        async putBlob(digest, bytes) {
            await client.uploadBlob(repository, digest, bytes.length, (start, end) => Readable.from([bytes.subarray(start, end)]), { kind: 'chunks' });
        },
        ...(locate ? {
            async mountKnown(digest) {
                const from = await locate(digest);
                return from !== undefined && from !== repository && (await client.mountBlob(repository, digest, from));
            },
        } : {}),
        async getManifest(reference) {
            const response = await client.request({ method: 'GET', path: `/v2/${repository}/manifests/${reference}`, repository, headers: { accept: MANIFEST_ACCEPT }, kind: 'manifest' });
            if (response.status === 404) {
                response.body.resume();
                return undefined;
            }
            if (response.status !== 200)
                return fail(response, `manifest ${repository}:${reference}`);
            const bytes = await readBody(response, MAX_MANIFEST_BYTES, `manifest ${repository}:${reference}`);
            return { bytes, mediaType: headersOf(response)['content-type']?.split(';')[0] ?? '' };
        },
        async putManifest(reference, bytes, mediaType) {
            const response = await client.request({ method: 'PUT', path: `/v2/${repository}/manifests/${reference}`, repository, headers: { 'content-type': mediaType }, body: bytes, kind: 'manifest' });
            if (response.status !== 201 && response.status !== 200)
                return fail(response, `PUT manifest ${repository}:${reference}`);
            response.body.resume();
            return { headers: headersOf(response) };
        },
        async referrers(digest) {
            const response = await client.request({ method: 'GET', path: `/v2/${repository}/referrers/${digest}`, repository, headers: { accept: 'application/vnd.oci.image.index.v1+json' }, kind: 'manifest' });
            // No referrers API: 404 (distribution 2.8), or 400/405 from registries that route it elsewhere.
            if (response.status === 404 || response.status === 400 || response.status === 405) {
                response.body.resume();
                return undefined;
            }
            if (response.status !== 200)
                return fail(response, `referrers of ${digest}`);
            return readBody(response, MAX_MANIFEST_BYTES, `referrers of ${digest}`);
        },
    };
}
//# sourceMappingURL=client-remote.js.map