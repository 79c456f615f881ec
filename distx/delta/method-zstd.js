/**
 * Method 2, "zstd": the target as zstd frames that may refer to the whole base, loaded as a
 * raw-content dictionary, with a window covering base and target and long-distance matching
 * on: the same thing `zstd --patch-from=BASE --long` does. Best on text and on files whose
 * changes are insertions and deletions rather than shifted addresses.
 *
 * Payload: the zstd frames, nothing else.
 */
import { windowLogFor, zstdCompress, zstdDecompress } from './zstd.js';
export function encodeZstd(base, target, level) {
    return zstdCompress(target, { level, dictionary: base, windowLog: windowLogFor(base.length + target.length) });
}
export function decodeZstd(base, payload, targetLength) {
    return zstdDecompress(payload, targetLength, 'delta (zstd)', base);
}
//# sourceMappingURL=method-zstd.js.map