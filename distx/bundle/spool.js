/**
 * Reads a bundle's tar into a temporary directory, checking each blob against its name as it
 * is written: nothing leaves here unchecked. Only `oci-layout`, `index.json` and
 * `blobs/sha256/<64 hex>` regular files are accepted.
 */
import { createHash } from 'node:crypto';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, CorruptDataError } from '../errors.js';
import { bundleEntries } from './container.js';
const BLOB_NAME = /^blobs\/sha256\/([0-9a-f]{64})$/;
const MAX_SMALL = 1 << 20;
const END_OF_ARCHIVE_BYTES = 1024;
/** Bytes of added blobs kept in memory (parts and deltas are read several times: no file round trip). */
const MEMORY_BYTES = 64 * 1024 * 1024;
export async function spoolBundle(source, dir) {
    const blobs = new Set();
    let index;
    let layout = false;
    // Bytes from the end-of-archive marker on (-1 before it): a bundle cut short before its two
    // zero blocks is refused even when every blob it lists came whole.
    let endBytes = -1;
    for await (const entry of bundleEntries(source)) {
        if (entry.kind === 'end-of-archive') {
            endBytes = 0;
            continue;
        }
        if (entry.kind === 'framing') {
            if (endBytes >= 0)
                endBytes += entry.bytes.length;
            continue;
        }
        const name = entry.header.name;
        if (entry.header.typeflag === '5' && (name === 'blobs/' || name === 'blobs/sha256/'))
            continue;
        if (entry.header.typeflag !== '0')
            throw new BadInputError(`bundle: entry ${JSON.stringify(name)} is not a regular file`, { path: name });
        if (name === 'oci-layout' || name === 'index.json') {
            if (entry.header.size > MAX_SMALL)
                throw new BadInputError(`bundle: ${name} is too large`, { path: name });
            const pieces = [];
            for await (const piece of entry.data)
                pieces.push(piece);
            if (name === 'index.json')
                index = Buffer.concat(pieces);
            else
                layout = true;
            continue;
        }
        const match = BLOB_NAME.exec(name);
        if (!match)
            throw new BadInputError(`bundle: unexpected entry ${JSON.stringify(name)} (only oci-layout, index.json and blobs/sha256/<digest>)`, { path: name });
        const hex = match[1];
        const hash = createHash('sha256');
        const file = await open(join(dir, hex), 'w');
        try {
            for await (const piece of entry.data) {
                hash.update(piece);
                await file.write(piece);
            }
        }
        finally {
            await file.close();
        }
        if (hash.digest('hex') !== hex)
            throw new CorruptDataError(`bundle: blob sha256:${hex} does not match its digest`, { digest: `sha256:${hex}` });
        blobs.add(hex);
    }
    if (endBytes < END_OF_ARCHIVE_BYTES)
        throw new CorruptDataError('bundle: truncated (it does not end with the two zero blocks of a tar)');
    if (!layout)
        throw new BadInputError('bundle: no oci-layout file (not an OCI image layout, or truncated)');
    if (!index)
        throw new BadInputError('bundle: no index.json (not an OCI image layout, or truncated)');
    const pathOf = (digest) => {
        const hex = digest.replace(/^sha256:/, '');
        if (!blobs.has(hex))
            throw new CorruptDataError(`bundle: blob sha256:${hex} is missing (truncated bundle?)`, { digest: `sha256:${hex}` });
        return join(dir, hex);
    };
    const memory = new Map();
    let held = 0;
    return {
        dir, blobs, index, pathOf,
        view: async (digest) => memory.get(digest.replace(/^sha256:/, '')) ?? readFile(pathOf(digest)),
        read: async (digest) => {
            const path = pathOf(digest);
            const bytes = memory.get(digest.replace(/^sha256:/, ''));
            if (!bytes)
                return readFile(path);
            // A copy (the caller may keep or change it), made with one memcpy.
            const copy = Buffer.allocUnsafe(bytes.length);
            copy.set(bytes);
            return copy;
        },
        add: async (hex, bytes) => {
            if (blobs.has(hex))
                return;
            if (held + bytes.length <= MEMORY_BYTES) {
                memory.set(hex, bytes);
                held += bytes.length;
            }
            else {
                await writeFile(join(dir, hex), bytes);
            }
            blobs.add(hex);
        },
    };
}
//# sourceMappingURL=spool.js.map