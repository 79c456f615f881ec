/**
 * A layer as it streams, without a store: framing bytes and regular files' payloads in tar
 * order (`LayerPart`), and the rule by which ingest turns them into the segments of a layer
 * recipe (`layerPieces`). Both ingest (which stores the pieces) and the reports (which only
 * measure them) use this one rule, so that what `analyze` counts is what `ingest` stores.
 *
 * Concatenating every part's bytes in order gives the layer's tar, whose sha256 is its DiffID.
 */
import { BadInputError } from '../errors.js';
import { splitTar } from '../tar/index.js';
/** A framing run longer than this (junk after the end of an archive, thousands of empty entries) is stored as a file. */
export const FRAMING_RUN_LIMIT = 1 << 20;
/**
 * The longest run of framing accepted from a tar with no file data between: far beyond any
 * real tar's headers (a quarter of a million empty entries), it stops decompression bombs and
 * endless junk after the end of an archive from being inflated and stored.
 */
export const MAX_FRAMING_RUN = 256 * 1024 * 1024;
/**
 * Cuts a layer's parts into recipe pieces. Framing is gathered into runs; a run ends at the
 * next file, or is spilled as a file as soon as it grows past FRAMING_RUN_LIMIT (so the split
 * depends on how the framing arrives: the same source gives the same pieces).
 */
export async function* layerPieces(parts) {
    let run = [];
    let runLength = 0;
    const take = () => {
        const out = run;
        run = [];
        runLength = 0;
        return out;
    };
    for await (const part of parts) {
        if (part.kind === 'framing') {
            if (part.bytes.length === 0)
                continue;
            run.push(Buffer.from(part.bytes));
            runLength += part.bytes.length;
            if (runLength > FRAMING_RUN_LIMIT) {
                const length = runLength;
                yield { kind: 'file', data: fromArray(take()), length, spilled: true };
            }
        }
        else {
            if (runLength > 0)
                yield { kind: 'framing', bytes: Buffer.concat(take()) };
            yield { kind: 'file', data: part.data, length: part.length, spilled: false, ...(part.release ? { release: part.release } : {}) };
        }
    }
    if (runLength > 0)
        yield { kind: 'framing', bytes: Buffer.concat(take()) };
}
/** A layer tar's parts: split by tar/, with the framing-run bound applied. */
export async function* tarLayerParts(source, options = {}) {
    let run = 0;
    for await (const part of splitTar(source, { signal: options.signal })) {
        if (part.kind === 'framing') {
            run += part.bytes.length;
            if (run > MAX_FRAMING_RUN) {
                throw new BadInputError(`${options.what ?? 'layer'}: more than ${MAX_FRAMING_RUN >> 20} MiB of tar framing with no file data (a decompression bomb, or junk after the end of the archive)`);
            }
            yield part;
        }
        else {
            run = 0;
            yield { kind: 'payload', length: part.length, data: part.data };
        }
    }
}
/** The tar bytes of a layer's parts, in order. */
export async function* layerBytes(parts) {
    for await (const part of parts) {
        if (part.kind === 'framing') {
            if (part.bytes.length > 0)
                yield part.bytes;
        }
        else {
            for await (const piece of part.data)
                yield piece;
        }
    }
}
async function* fromArray(pieces) {
    for (const piece of pieces)
        yield piece;
}
//# sourceMappingURL=layer-parts.js.map