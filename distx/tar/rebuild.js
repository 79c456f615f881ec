/**
 * Rebuilding a layer tar from its recipe: framing bytes verbatim, file payloads from their
 * chunks, in order. The output's sha256 must equal the DiffID (computed as the bytes stream
 * out, checked at the end: it catches a corrupt recipe, and a corrupt chunk read unchecked).
 * By default every chunk is also checked against its digest before a byte of it is yielded, so
 * a corrupt chunk never reaches the output. The chunks come through a small interface that the
 * store implements, so this module does not depend on the store.
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../errors.js';
import { readSegments } from './segment-reads.js';
/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. The recipe's
 * segments are pulled as the bytes go out, and reads run ahead (segment-reads.ts): the next
 * files' recipes and chunks are fetched while the current one is written, so layers of many
 * small files are not bound by one lookup at a time, and memory is bounded whatever the
 * layer's file count.
 */
export async function* rebuildLayer(recipe, diffId, source, options = {}) {
    const checked = (hexes) => source.readChunks(hexes);
    const unchecked = options.checkChunks === false ? source.readChunksUnchecked?.bind(source) : undefined;
    if (!unchecked) {
        yield* rebuildPass(recipe, diffId, source, checked);
        return;
    }
    try {
        yield* rebuildPass(recipe, diffId, source, unchecked);
    }
    catch (error) {
        if (!(error instanceof CorruptDataError) || error.digest !== diffId)
            throw error;
        for await (const piece of rebuildPass(recipe, diffId, source, checked))
            options.recheck?.(piece);
        throw error;
    }
}
/** One pass over the layer, its chunks read through `read`, the DiffID checked at the end. */
async function* rebuildPass(recipe, diffId, source, read) {
    const hash = createHash('sha256');
    let length = 0;
    const reads = { getFileRecipe: (hex) => source.getFileRecipe(hex), read, smallFileLimit: source.smallFileLimit };
    for await (const item of readSegments(recipe.segments, reads)) {
        const pieces = 'chunks' in item ? item.chunks : [item.segment.bytes];
        // Framing and small files come as arrays: no asynchronous iteration (a promise per piece) for them.
        if (Array.isArray(pieces)) {
            for (const bytes of pieces) {
                hash.update(bytes);
                length += bytes.length;
                yield bytes;
            }
            continue;
        }
        for await (const bytes of pieces) {
            hash.update(bytes);
            length += bytes.length;
            yield bytes;
        }
    }
    const actual = 'sha256:' + hash.digest('hex');
    if (actual !== diffId || length !== recipe.tarLength) {
        throw new CorruptDataError(`layer ${diffId} rebuilt to ${actual} (${length} bytes): the layer recipe is corrupt`, { digest: diffId });
    }
}
//# sourceMappingURL=rebuild.js.map