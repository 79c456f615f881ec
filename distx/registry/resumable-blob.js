/**
 * A layer blob fetched so that a cut costs only the rest. Its bytes are kept in
 * `STORE/partial-blobs/<hex>` as they stream by. When the connection drops mid-body, the blob
 * is asked for again from the kept length (`Range: bytes=N-`, with backoff, up to `retries`
 * times): a 206 continues it; a 200 (a registry that ignores Range) is read from its start and
 * its first N bytes passed over. A pull that fails leaves the kept part behind: the next pull
 * of the blob reads it back, hashing it from its start, hands it on as if it had just arrived,
 * and fetches only the rest. The blob is checked against its digest and size at its end (a
 * mismatch drops the kept part); then the kept part is removed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CairnError, CorruptDataError } from '../errors.js';
import { RegistryUnreachableError } from './errors.js';
import { parseContentRange } from './chunked/ranges.js';
/** Where the kept parts of blobs cut mid-transfer live, in a store directory. */
export const PARTIAL_DIR = 'partial-blobs';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A connection lost while the body was being read (worth asking for the rest), as opposed to a refusal or bad bytes. */
function isCut(error) {
    if (error instanceof RegistryUnreachableError)
        return true;
    if (error instanceof CairnError)
        return false;
    const code = error?.code;
    return code !== undefined || error?.message === 'aborted';
}
/** The blob's bytes from the start (kept part first), checked at the end against `digest` and the size. */
export async function* resumableBlob(client, repository, digest, storeDir, options = {}) {
    const { size } = options;
    const retries = options.retries ?? 4;
    const what = `blob ${digest} from ${client.registry}`;
    const dir = join(storeDir, PARTIAL_DIR);
    const path = join(dir, digest.replace(/^sha256:/, ''));
    const hash = createHash('sha256');
    let length = 0;
    if (size !== undefined) {
        await mkdir(dir, { recursive: true });
        const kept = (await stat(path).catch(() => undefined))?.size ?? 0;
        if (kept > size)
            await rm(path, { force: true });
        else if (kept > 0) {
            // What an earlier pull kept, re-hashed from its start.
            for await (const piece of createReadStream(path, { end: kept - 1, highWaterMark: 1 << 20 })) {
                hash.update(piece);
                length += piece.length;
                yield piece;
            }
        }
    }
    const file = size !== undefined ? await open(path, length > 0 ? 'a' : 'w') : undefined;
    let complete = false;
    try {
        for (let attempt = 0;; attempt++) {
            const from = length;
            try {
                const response = await client.openBlob(repository, digest, { kind: options.kind ?? 'layer', ...(from > 0 ? { range: `bytes=${from}-` } : {}) });
                let skip = 0;
                if (response.status === 206) {
                    const range = parseContentRange(headerValue(response.headers['content-range']));
                    if (range.start !== from) {
                        response.body.destroy();
                        throw new CorruptDataError(`${what}: asked for bytes from ${from}, the registry sent them from ${range.start}`, { digest });
                    }
                }
                else if (from > 0)
                    skip = from; // 200: the whole blob again; what is kept is passed over
                for await (const chunk of response.body) {
                    let piece = chunk;
                    if (skip > 0) {
                        const passed = Math.min(skip, piece.length);
                        skip -= passed;
                        piece = piece.subarray(passed);
                        if (piece.length === 0)
                            continue;
                    }
                    if (size !== undefined && length + piece.length > size)
                        throw new CorruptDataError(`${what}: longer than its ${size} bytes`, { digest });
                    hash.update(piece);
                    length += piece.length;
                    await file?.write(piece);
                    yield piece;
                }
                break;
            }
            catch (error) {
                if (size === undefined || !isCut(error) || attempt >= retries)
                    throw error;
                await sleep((options.backoffMs ?? 200) * 2 ** attempt);
            }
        }
        const got = `sha256:${hash.digest('hex')}`;
        if (got !== digest || (size !== undefined && length !== size)) {
            await file?.close();
            await rm(path, { force: true });
            throw new CorruptDataError(got !== digest ? `${what}: its bytes hash to ${got}; refused` : `${what}: ${length} bytes, not ${size}`, { digest });
        }
        complete = true;
    }
    finally {
        await file?.close().catch(() => undefined);
        if (complete)
            await rm(path, { force: true });
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
//# sourceMappingURL=resumable-blob.js.map