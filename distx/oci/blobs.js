/** Reading an OCI image layout's blobs: bounds-checked, digest-verified, named in errors. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { fileStream } from '../file-stream.js';
import { parseDigest } from '../digest.js';
/** Manifests, indexes and configs larger than this are refused (real ones are kilobytes). */
export const MAX_JSON_BLOB = 16 * 1024 * 1024;
export function blobPath(layout, digest) {
    const canonical = parseDigest(digest);
    return join(layout, 'blobs', 'sha256', canonical.slice('sha256:'.length));
}
/** A small blob, read whole and checked against its digest (and size, when given). */
export async function readSmallBlob(layout, digest, size, label = layout) {
    const path = blobPath(layout, digest);
    const info = await stat(path).catch((cause) => {
        throw new BadInputError(`blob ${digest} is missing from ${label}`, { path: label, digest, cause });
    });
    if (info.size > MAX_JSON_BLOB)
        throw new BadInputError(`blob ${digest} is ${info.size} bytes, too large for a manifest or config`, { path: label, digest });
    if (size !== undefined && info.size !== size)
        throw new BadInputError(`blob ${digest} has ${info.size} bytes, its descriptor says ${size}`, { path: label, digest });
    const bytes = await readFile(path);
    const actual = 'sha256:' + createHash('sha256').update(bytes).digest('hex');
    if (actual !== parseDigest(digest))
        throw new BadInputError(`blob ${digest} does not match its digest (it hashes to ${actual})`, { path: label, digest });
    return bytes;
}
export function parseJson(bytes, what) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch (cause) {
        throw new BadInputError(`${what} is not valid JSON`, { cause });
    }
}
/** A large blob as a stream whose digest and size are checked at its end. */
export async function* readVerifiedBlob(path, digest, size, onBytes) {
    const hash = createHash('sha256');
    let length = 0;
    for await (const piece of fileStream(path, { what: `blob ${digest}`, onBytes })) {
        hash.update(piece);
        length += piece.length;
        yield piece;
    }
    const actual = 'sha256:' + hash.digest('hex');
    if (actual !== parseDigest(digest))
        throw new BadInputError(`blob ${digest} does not match its digest (it hashes to ${actual})`, { path, digest });
    if (size !== undefined && length !== size)
        throw new BadInputError(`blob ${digest} has ${length} bytes, its descriptor says ${size}`, { path, digest });
}
//# sourceMappingURL=blobs.js.map