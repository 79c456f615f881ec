/**
 * The "entry stream" of a zip, what zip-aware deltas (delta.ts) are made between: the
 * archive's skeleton (every byte outside the entries' data, in order), then a table of one
 * 8-byte record per entry in file order (u32 BE offset in the skeleton where its data goes,
 * u32 BE length of its content in the stream), then every entry's content in file order.
 *
 * A base's content per entry: a deflated (method 8), unencrypted entry whose data inflates
 * without error to exactly its declared size gives its inflated bytes; any other entry gives
 * its data verbatim. A target's comes from splitZip: inflated content where re-deflate
 * reproduces it, the data verbatim for stored entries. Format: docs/bundle.md.
 */
import { BadInputError } from '../errors.js';
import { inflateRawBounded } from '../deflate/index.js';
import { cutZip, readZipLayout } from './layout.js';
export const TABLE_RECORD_BYTES = 8;
const MAX_U32 = 0xffffffff;
/**
 * The largest entry stream allowed for an archive of `size` bytes, for the base as for the
 * target: deflate expands at most 1032 times, stored data once, so a real archive stays far
 * below; capped at 1 GiB.
 */
export function streamLimit(size) {
    return Math.min(1 << 30, size * 1100 + 65536);
}
/** True when `bytes` starts like a zip (a local header, or the end record of an empty archive). */
export function looksLikeZip(bytes) {
    return bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
        ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}
/** skeleton ++ table ++ contents; a BadInputError above `limit` bytes or a field over 32 bits. */
export function assembleStream(skeleton, entries, limit) {
    const total = entries.reduce((n, e) => n + e.content.length, skeleton.length + TABLE_RECORD_BYTES * entries.length);
    if (total > limit)
        throw new BadInputError(`zip: entry stream of ${total} bytes exceeds the limit of ${limit}`);
    const out = Buffer.allocUnsafe(total);
    out.set(skeleton, 0);
    let table = skeleton.length;
    let at = table + TABLE_RECORD_BYTES * entries.length;
    for (const e of entries) {
        if (e.at > MAX_U32 || e.content.length > MAX_U32)
            throw new BadInputError('zip: an entry is too large for a zip delta');
        out.writeUInt32BE(e.at, table);
        out.writeUInt32BE(e.content.length, table + 4);
        table += TABLE_RECORD_BYTES;
        out.set(e.content, at);
        at += e.content.length;
    }
    return out;
}
/** The entry stream of any zip used as a delta base; a BadInputError when it is not a zip or its stream exceeds the limit. */
export function baseStream(zip) {
    const layout = readZipLayout(zip);
    let budget = streamLimit(zip.length);
    const { skeleton, pieces } = cutZip(zip, layout);
    const entries = [];
    for (const { entry: e, at, data } of pieces) {
        let content = data;
        if (e.method === 8 && (e.flags & 1) === 0 && e.size <= budget) {
            try {
                const inflated = inflateRawBounded(data, e.size, `zip entry ${e.name}`).content;
                if (inflated.length === e.size)
                    content = inflated;
            }
            catch {
                // Not inflatable to its declared size: the data verbatim.
            }
        }
        budget -= content.length;
        if (budget < 0)
            throw new BadInputError(`zip: entries inflate to more than ${streamLimit(zip.length)} bytes`);
        entries.push({ at, content });
    }
    return assembleStream(skeleton, entries, streamLimit(zip.length));
}
/** The entry stream of a split archive (the target of a zip delta). */
export function targetStream(split) {
    return assembleStream(split.skeleton, split.entries.map((e) => ({ at: e.at, content: e.kind === 'raw' ? e.bytes : e.content })), streamLimit(split.size));
}
/** Cuts an entry stream of `count` entries back into its skeleton and entries' contents; a BadInputError when it is inconsistent. */
export function parseStream(stream, skeletonLength, count) {
    const buf = Buffer.from(stream.buffer, stream.byteOffset, stream.length);
    const tableEnd = skeletonLength + TABLE_RECORD_BYTES * count;
    if (tableEnd > buf.length)
        throw new BadInputError('zip delta: the entry stream is shorter than its skeleton and table');
    const entries = [];
    let at = tableEnd;
    for (let i = 0; i < count; i++) {
        const record = skeletonLength + TABLE_RECORD_BYTES * i;
        const length = buf.readUInt32BE(record + 4);
        if (at + length > buf.length)
            throw new BadInputError(`zip delta: entry ${i} runs past the end of the entry stream`);
        entries.push({ at: buf.readUInt32BE(record), content: buf.subarray(at, at + length) });
        at += length;
    }
    if (at !== buf.length)
        throw new BadInputError('zip delta: the entry stream is longer than its entries');
    return { skeleton: buf.subarray(0, skeletonLength), entries };
}
//# sourceMappingURL=stream.js.map