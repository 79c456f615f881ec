/**
 * A zip or jar split into a skeleton (every byte that is not entry data, verbatim and in
 * order) and its entries' data: deflated entries that re-deflate byte for byte become their
 * inflated bytes plus a deflate descriptor, every other entry (stored, other methods,
 * encrypted, not reproducible, inconsistent with its directory entry, or beyond the inflate
 * budget) stays as its bytes verbatim. rebuildZip puts it back together and proves it by the
 * archive's sha256.
 */
import { CorruptDataError } from '../errors.js';
import { sha256Digest } from '../digest.js';
import { crc32, redeflate, findDeflateParams, inflateRawBounded } from '../deflate/index.js';
import { cutZip, readZipLayout } from './layout.js';
const BIG_ENTRY = 1024;
function splitEntry(e, data, s, o) {
    const raw = (reason) => ({ kind: 'raw', bytes: data, ...(reason ? { reason } : {}) });
    if (e.method !== 8)
        return raw();
    if (e.flags & 1)
        return raw('encrypted');
    if (e.size > (o.maxRatio ?? 1100) * e.compressedSize + 1024)
        return raw('declared size exceeds the deflate ratio');
    if (e.size > s.budget)
        return raw('inflate budget spent');
    if (s.successes === 0 && s.failures >= (o.giveUpAfter ?? 8))
        return raw('no entry so far re-deflated');
    let content;
    try {
        const inflated = inflateRawBounded(data, e.size, `zip entry ${e.name}`);
        if (inflated.used !== data.length)
            return raw('deflate stream does not fill the entry');
        content = inflated.content;
    }
    catch {
        return raw('does not inflate to its declared size');
    }
    s.budget -= content.length;
    if (content.length !== e.size || crc32(content) !== e.crc)
        return raw('size or CRC differs from the directory');
    const params = findDeflateParams(data, content, { ...o.find, tried: s.tried });
    if (!params) {
        if (content.length >= BIG_ENTRY)
            s.failures++;
        return raw('not reproducible');
    }
    s.successes++;
    s.tried = [params];
    return { kind: 'deflate', content, deflate: params, compressedSize: data.length };
}
/** Splits a zip; malformed archives are a BadInputError (see layout.ts). */
export function splitZip(zip, options = {}) {
    const layout = readZipLayout(zip);
    const state = { budget: options.maxInflated ?? 1 << 30, tried: [], failures: 0, successes: 0 };
    const { skeleton, pieces } = cutZip(zip, layout);
    const entries = pieces.map(({ entry: e, at, data }) => ({ name: e.name, at, method: e.method, ...splitEntry(e, data, state, options) }));
    return { skeleton, entries, digest: sha256Digest(zip), size: zip.length };
}
/** The exact archive; a CorruptDataError when the result does not have the split's digest. */
export function rebuildZip(split) {
    const parts = [];
    let from = 0;
    for (const e of split.entries) {
        if (e.at < from || e.at > split.skeleton.length)
            throw new CorruptDataError(`zip split: entry ${e.name} is out of order`);
        parts.push(split.skeleton.subarray(from, e.at));
        parts.push(e.kind === 'raw' ? e.bytes : redeflate(e.deflate, e.content));
        from = e.at;
    }
    parts.push(split.skeleton.subarray(from));
    const out = Buffer.concat(parts);
    const digest = sha256Digest(out);
    if (digest !== split.digest)
        throw new CorruptDataError(`rebuilt zip has digest ${digest}, not ${split.digest}`, { digest: split.digest });
    return out;
}
//# sourceMappingURL=split.js.map