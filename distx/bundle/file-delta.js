/**
 * The delta of one file against its base, as the bundle ships it: a plain binary delta
 * (src/delta), or, when both are zip archives and every deflated entry of the target
 * re-deflates byte for byte, a zip-aware delta (src/zip/delta.ts) if that is smaller.
 */
import { chooseDelta, decodeDelta } from '../delta/index.js';
import { decodeZipDelta, encodeZipDelta, looksLikeZip } from '../zip/index.js';
/** The smaller of the plain delta and (for zips, when `zip`) the zip-aware delta from `base` to `target`. */
export function fileDelta(base, target, level, zip = true, raw = false) {
    const plain = chooseDelta(base, target, { level, raw });
    const result = { via: 'delta', blob: plain.delta, method: plain.method, deltaBytes: plain.delta.length, ...(plain.raw ? { raw: plain.raw } : {}) };
    if (!zip || !looksLikeZip(target))
        return result;
    const encoded = encodeZipDelta(base, target, { level });
    if (!encoded.ok)
        return { ...result, zipReason: encoded.reason };
    result.zipDeltaBytes = encoded.blob.length;
    if (encoded.blob.length < plain.delta.length) {
        Object.assign(result, { via: 'zip-delta', blob: encoded.blob, method: encoded.method });
        delete result.raw;
    }
    return result;
}
/** The target rebuilt from `base` and a blob `fileDelta` made; checked against `expected` (CorruptDataError). */
export function applyFileDelta(via, base, blob, expected) {
    if (via === 'zip-delta')
        return decodeZipDelta(base, blob, { digest: `sha256:${expected.digest}`, size: expected.size });
    // The raw variant carries no digests: the caller checks the rebuilt file's sha256 and size.
    return decodeDelta(base, blob, { maxTargetLength: expected.size, raw: true });
}
//# sourceMappingURL=file-delta.js.map