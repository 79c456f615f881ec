/**
 * A blob description (store record kind 10): for one compressed layer blob, whether and how
 * it is rebuilt byte for byte from its layer's tar. Identity: the blob's digest. Pure: JSON
 * in and out, checked on the way in (docs/store-format.md, "Blob description").
 */
import { CorruptDataError } from '../errors.js';
import { parseDigest } from '../digest.js';
// params.js alone, not the deflate index: opening a store (`cairn ls`) then loads no inflater.
import { checkParams } from '../deflate/params.js';
export function encodeDescription(d) {
    return Buffer.from(JSON.stringify(d));
}
function fail(why) {
    throw new CorruptDataError(`blob description: ${why}`);
}
function checkRebuild(value) {
    const r = value;
    if (r?.format === 'gzip') {
        if (!Array.isArray(r.members) || r.members.length !== 1 || typeof r.tail !== 'string')
            fail('bad gzip descriptor');
        for (const m of r.members) {
            if (typeof m?.header !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(m.header) || !Number.isSafeInteger(m.size) || m.size < 0)
                fail('bad gzip member');
            try {
                checkParams(m.deflate);
            }
            catch (cause) {
                fail(cause.message);
            }
        }
        return r;
    }
    if (r?.format === 'zstd') {
        if (typeof r.zstd !== 'string' || !Number.isInteger(r.level) || typeof r.checksum !== 'boolean' || typeof r.contentSize !== 'boolean')
            fail('bad zstd descriptor');
        return r;
    }
    return fail('unknown rebuild format');
}
/** Parses and checks a stored description (CorruptDataError when it is not one). */
export function decodeDescription(bytes) {
    let d;
    try {
        d = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        return fail('not JSON');
    }
    if (d?.version !== 1)
        fail('unknown version');
    try {
        parseDigest(String(d.digest));
        parseDigest(String(d.diffId));
    }
    catch {
        fail('bad digest');
    }
    if (!Number.isSafeInteger(d.size) || d.size < 0 || typeof d.mediaType !== 'string' || typeof d.descriptor !== 'string')
        fail('bad blob fields');
    if (d.reproduced === true)
        checkRebuild(d.rebuild);
    else if (d.reproduced !== false || typeof d.reason !== 'string')
        fail('no rebuild and no reason');
    return d;
}
//# sourceMappingURL=description.js.map