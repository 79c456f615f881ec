/**
 * The blobs of a push and how their bytes are made: a blob whose digest is known before a byte
 * of it is made (the config, an original layer blob the store rebuilds byte for byte) streams
 * straight from the store into the upload, and only when the registry lacks it; a blob whose
 * digest is not known (a layer compressed anew) is first spooled to a temporary file, hashed on
 * the way, so that the registry can be asked whether it has it before it is sent.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
/** Bytes [start, end) of a stream made anew (retries and PATCH chunks restart it; the bytes before `start` are made and dropped). */
export function streamOpener(bytes, onBytes) {
    return (start, end) => Readable.from(slice(bytes(), start, end, onBytes));
}
/** Bytes [start, end) of a file. */
export function fileOpener(path, onBytes) {
    return (start, end) => {
        if (end <= start)
            return Readable.from([]);
        const stream = createReadStream(path, { start, end: end - 1 });
        if (onBytes)
            stream.on('data', (piece) => onBytes(piece.length));
        return stream;
    };
}
async function* slice(source, start, end, onBytes) {
    let at = 0;
    for await (const piece of source) {
        const from = Math.max(0, start - at);
        const to = Math.min(piece.length, end - at);
        at += piece.length;
        if (to > from) {
            const part = from === 0 && to === piece.length ? piece : piece.subarray(from, to);
            onBytes?.(part.length);
            yield part;
        }
        if (at >= end)
            return;
    }
}
/** Writes the stream into `path`; returns the digest and size of what was written (the file is removed on failure). */
export async function spool(bytes, path) {
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
        transform(piece, _encoding, done) {
            hash.update(piece);
            size += piece.length;
            done(null, piece);
        },
    });
    try {
        await pipeline(Readable.from(bytes()), counter, createWriteStream(path));
    }
    catch (error) {
        await rm(path, { force: true });
        throw error;
    }
    return { digest: `sha256:${hash.digest('hex')}`, size };
}
/** Runs `work` on the items, `limit` at a time, in order of start; the first failure stops new starts and is thrown once all running ones settle. */
export async function eachLimited(items, limit, work) {
    let next = 0;
    let failed = false;
    const runners = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
        while (!failed && next < items.length) {
            try {
                await work(items[next++]);
            }
            catch (error) {
                failed = true;
                throw error;
            }
        }
    });
    const results = await Promise.allSettled(runners);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure)
        throw failure.reason;
}
//# sourceMappingURL=push-blobs.js.map