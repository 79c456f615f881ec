/**
 * A stored layer's regular files (path, content digest, size) in tar order, listed from its
 * recipe alone: the recipe's framing holds every header, and a regular file's data is one file
 * segment named by the file's digest, so the files' contents need not be read. The tar reader
 * is fed the framing as it is, and zeros in place of each file's data; a file segment that is
 * not the data of the entry just read (framing the ingest spilled into a file segment when it
 * ran past FRAMING_RUN_LIMIT) is read from the store instead, so the headers in it are parsed.
 */
import { createHash } from 'node:crypto';
import { readEntries } from '../tar/index.js';
/** Zeros fed to the tar reader in place of file data, in pieces of at most this. */
const ZEROS = new Uint8Array(1 << 20);
/** Regular files of a stored layer with their content digests (64 hex), in tar order. */
export async function layerFiles(store, diffId) {
    const recipe = await store.getLayerRecipe(diffId);
    // Bytes handed to the tar reader so far. It reads a header and stops: a regular file's data
    // is the file segment that begins right there, and the reader is told so (`expected`).
    let position = 0;
    let expected;
    let zeroed;
    async function* bytes() {
        for await (const segment of recipe.segments) {
            if (segment.kind === 'framing') {
                position += segment.bytes.length;
                yield segment.bytes;
            }
            else if (segment.length === 0) {
                continue;
            }
            else if (expected && expected.at === position && expected.size === segment.length) {
                zeroed = segment.digest;
                position += segment.length;
                for (let left = segment.length; left > 0; left -= ZEROS.length)
                    yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
            }
            else {
                position += segment.length;
                yield* store.readFile(`sha256:${segment.digest}`);
            }
        }
    }
    const out = [];
    for await (const entry of readEntries(bytes())) {
        const typeflag = entry.header.typeflag;
        if (typeflag !== '0' && typeflag !== '7') {
            for await (const _ of entry.data)
                void _;
            continue;
        }
        expected = { at: position, size: entry.header.size };
        zeroed = undefined;
        // Hashed only when the data came as real bytes (a recipe cut otherwise than the ingest cuts it).
        let hash;
        let size = 0;
        for await (const piece of entry.data) {
            if (!zeroed)
                (hash ??= createHash('sha256')).update(piece);
            size += piece.length;
        }
        expected = undefined;
        // `zeroed` is set by bytes() as the reader pulls the data (TypeScript cannot see it change):
        // a file segment of exactly the entry's size.
        const digest = zeroed ?? (hash ?? createHash('sha256')).digest('hex');
        out.push({ path: entry.header.name.replace(/^\.?\/+/, ''), digest, size });
    }
    return out;
}
//# sourceMappingURL=layer-files.js.map