/**
 * The one way cairn streams a file it reads: 1 MiB buffers, and a failure as a BadInputError
 * that names the file (or what the caller calls it) and says why in words. `onBytes` sees the
 * length of each buffer as it is yielded (ingest counts its progress with it).
 */
import { createReadStream } from 'node:fs';
import { BadInputError } from './errors.js';
import { fsReason } from './fs-errors.js';
export async function* fileStream(path, options = {}) {
    try {
        for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
            options.onBytes?.(piece.length);
            yield piece;
        }
    }
    catch (cause) {
        if (cause instanceof BadInputError)
            throw cause;
        throw new BadInputError(`cannot read ${options.what ?? path}: ${fsReason(cause)}`, { path, cause });
    }
}
//# sourceMappingURL=file-stream.js.map