import { RegistryResponseError, RegistryUnreachableError } from './errors.js';
import { responseFailure } from './response-errors.js';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Uploads a blob through `client` (see the module comment). */
export async function uploadWithRetries(client, repository, digest, size, open, options = {}) {
    for (let attempt = 0;; attempt++) {
        try {
            await uploadOnce(client, repository, digest, size, open, options);
            return;
        }
        catch (error) {
            const transient = error instanceof RegistryUnreachableError || (error instanceof RegistryResponseError && (error.status >= 500 || error.status === 429));
            if (!transient || attempt >= 3)
                throw error;
            await sleep((options.backoffMs ?? 200) * 2 ** attempt);
        }
    }
}
async function expect(client, response, status, what) {
    if (response.status !== status)
        throw await responseFailure(client.registry, response, what);
    response.body.resume();
}
function nextLocation(client, response, digest) {
    const header = response.headers['location'];
    const location = Array.isArray(header) ? header[0] : header;
    if (!location)
        throw new RegistryResponseError(`registry ${client.registry} gave no Location for the upload of ${digest}`, response.status, []);
    return new URL(location, response.url).href;
}
function withDigest(location, digest) {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return url.href;
}
async function uploadOnce(client, repository, digest, size, open, options) {
    const kind = options.kind ?? 'layer';
    const started = await client.request({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, repository });
    await expect(client, started, 202, `upload of ${digest} to ${repository}`);
    let location = nextLocation(client, started, digest);
    const chunkSize = options.chunkSize;
    if (chunkSize !== undefined && chunkSize > 0) {
        for (let start = 0; start < size; start += chunkSize) {
            const end = Math.min(size, start + chunkSize);
            const patched = await client.request({
                method: 'PATCH', path: location, repository, retry: false, kind, bodyLength: end - start, body: () => open(start, end),
                headers: { 'content-type': 'application/octet-stream', 'content-length': String(end - start), 'content-range': `${start}-${end - 1}` },
            });
            await expect(client, patched, 202, `upload of ${digest} (bytes ${start}-${end - 1})`);
            location = nextLocation(client, patched, digest);
        }
        const closed = await client.request({ method: 'PUT', path: withDigest(location, digest), repository, retry: false });
        await expect(client, closed, 201, `upload of ${digest}`);
        return;
    }
    const put = await client.request({
        method: 'PUT', path: withDigest(location, digest), repository, retry: false, kind, bodyLength: size, body: () => open(0, size),
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    });
    await expect(client, put, 201, `upload of ${digest}`);
}
//# sourceMappingURL=upload.js.map