/**
 * Zip-aware deltas: a target zip whose deflated entries all re-deflate byte for byte is encoded
 * as its re-deflate descriptors plus ONE cairn delta of its entry stream (stream.ts: skeleton,
 * entry table, uncompressed entries) against the base archive's entry stream. The base may be
 * any zip: it is only inflated. Blob layout (integers big-endian; docs/bundle.md, "The zip delta"):
 *
 *   0  4  magic 89 43 5A 44 ("\x89CZD")
 *   4  1  version, 1
 *   5  4  u32 skeleton length S
 *   9  4  u32 entry count N
 *  13  …  descriptor runs (descriptor-runs.ts), one descriptor per entry in file order
 *   …  …  a cairn delta (docs/delta.md) from the base's entry stream to the target's
 *
 * Decoding rebuilds the archive (re-deflating each entry) and checks its sha256.
 */
import { BadInputError, CorruptDataError } from '../errors.js';
import { chooseDelta, decodeDelta } from '../delta/index.js';
import { decodeRuns, encodeRuns } from './descriptor-runs.js';
import { splitZip, rebuildZip } from './split.js';
import { baseStream, looksLikeZip, parseStream, streamLimit, TABLE_RECORD_BYTES, targetStream } from './stream.js';
export const ZIP_DELTA_MAGIC = Uint8Array.of(0x89, 0x43, 0x5a, 0x44);
export const ZIP_DELTA_VERSION = 1;
const PREFIX = 13;
/** Why an entry cannot go in a zip delta, or undefined when it can. */
function refusal(e) {
    if (e.kind === 'deflate')
        return undefined;
    if (e.method === 0 && e.reason === undefined)
        return undefined;
    return `entry ${e.name}: ${e.reason ?? `compression method ${e.method}`}`;
}
/** A zip delta from `base` to `target`, or why there is none (either is not a zip, or an entry does not re-deflate exactly). */
export function encodeZipDelta(base, target, options = {}) {
    if (!looksLikeZip(target))
        return { ok: false, reason: 'not a zip' };
    if (!looksLikeZip(base))
        return { ok: false, reason: 'the base is not a zip' };
    let from;
    try {
        from = baseStream(base);
    }
    catch (error) {
        if (error instanceof BadInputError)
            return { ok: false, reason: `the base: ${error.message}` };
        throw error;
    }
    let to;
    let split;
    try {
        split = splitZip(target, { maxInflated: streamLimit(target.length) });
        const refused = split.entries.map(refusal).find((r) => r !== undefined);
        if (refused)
            return { ok: false, reason: refused };
        to = targetStream(split);
    }
    catch (error) {
        if (error instanceof BadInputError)
            return { ok: false, reason: error.message };
        throw error;
    }
    const runs = encodeRuns(split.entries.map((e) => (e.kind === 'deflate' ? e.deflate : null)));
    const chosen = chooseDelta(from, to, options.level === undefined ? {} : { level: options.level });
    const head = Buffer.alloc(PREFIX);
    head.set(ZIP_DELTA_MAGIC, 0);
    head[4] = ZIP_DELTA_VERSION;
    head.writeUInt32BE(split.skeleton.length, 5);
    head.writeUInt32BE(split.entries.length, 9);
    const blob = Buffer.concat([head, runs, chosen.delta]);
    return { ok: true, blob, method: chosen.method, entries: split.entries.length };
}
/** Every entry has a local header (30 bytes at least) and a directory entry (46) in the skeleton. */
const MIN_SKELETON_PER_ENTRY = 76;
function readHeader(blob, limit, size) {
    const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.length);
    if (buf.length < PREFIX || !buf.subarray(0, 4).equals(ZIP_DELTA_MAGIC))
        throw new CorruptDataError('zip delta: bad magic');
    if (buf[4] !== ZIP_DELTA_VERSION)
        throw new CorruptDataError(`zip delta: unknown version ${buf[4]}`);
    const skeleton = buf.readUInt32BE(5);
    const entries = buf.readUInt32BE(9);
    if (skeleton > size || entries * MIN_SKELETON_PER_ENTRY > skeleton || skeleton + TABLE_RECORD_BYTES * entries > limit) {
        throw new CorruptDataError(`zip delta: a skeleton of ${skeleton} bytes with ${entries} entries does not fit a ${size}-byte archive`);
    }
    const { descriptors, end } = decodeRuns(buf, PREFIX, entries);
    return { header: { skeleton, descriptors }, delta: buf.subarray(end) };
}
/**
 * Rebuilds the target archive from `base` and a zip delta. `expected` is the target's digest
 * (`sha256:<hex>`) and size: the rebuilt archive must have them (CorruptDataError otherwise).
 */
export function decodeZipDelta(base, blob, expected) {
    const limit = streamLimit(expected.size);
    const { header, delta } = readHeader(blob, limit, expected.size);
    let from;
    try {
        from = baseStream(base);
    }
    catch (cause) {
        throw new CorruptDataError(`zip delta: the base ${cause.message}`, { cause });
    }
    let parsed;
    try {
        const stream = decodeDelta(from, delta, { maxTargetLength: limit });
        parsed = parseStream(stream, header.skeleton, header.descriptors.length);
    }
    catch (cause) {
        // The base was checked by its digest: a delta for another base, or a stream that does not parse, is a bad blob.
        if (cause instanceof BadInputError)
            throw new CorruptDataError(`zip delta: ${cause.message}`, { cause });
        throw cause;
    }
    const entries = parsed.entries.map((e, i) => {
        const params = header.descriptors[i];
        const name = `#${i}`;
        if (params === null)
            return { name, at: e.at, method: 0, kind: 'raw', bytes: e.content };
        return { name, at: e.at, method: 8, kind: 'deflate', content: e.content, deflate: params, compressedSize: -1 };
    });
    return rebuildZip({ skeleton: parsed.skeleton, entries, digest: expected.digest, size: expected.size });
}
//# sourceMappingURL=delta.js.map