/**
 * Deflate parameters: which compressor, at which settings, reproduces a stream byte for byte.
 * A `DeflateParams` is small and JSON-serialisable; it is what cairn stores beside the
 * inflated bytes so that the compressed form can be rebuilt exactly (docs/deflate.md).
 */
import { BadInputError } from '../errors.js';
import { checkStored } from './stored.js';
export const DEFLATE_IMPLS = ['zlib-1.2.13', 'zlib-1.3.1'];
function intIn(value, lo, hi) {
    return typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi;
}
/** Checks a descriptor read from storage or the wire; throws BadInputError when it is not one. */
export function checkParams(value) {
    if (value?.impl === 'stored')
        return checkStored(value);
    const p = value;
    if (p === null ||
        typeof p !== 'object' ||
        !DEFLATE_IMPLS.includes(p.impl) ||
        !intIn(p.level, 0, 9) ||
        !intIn(p.memLevel, 1, 9) ||
        !intIn(p.windowBits, 9, 15) ||
        !intIn(p.strategy, 0, 4)) {
        throw new BadInputError(`not a deflate descriptor: ${JSON.stringify(value)}`);
    }
    return { impl: p.impl, level: p.level, memLevel: p.memLevel, windowBits: p.windowBits, strategy: p.strategy };
}
export function sameParams(a, b) {
    return (a.impl === b.impl &&
        a.level === b.level &&
        a.memLevel === b.memLevel &&
        a.windowBits === b.windowBits &&
        a.strategy === b.strategy);
}
const ALL_LEVELS = [6, 9, 1, 5, 4, 3, 2, 7, 8, 0];
function orderedLevels(first = []) {
    const out = first.filter((l) => intIn(l, 0, 9));
    for (const l of ALL_LEVELS)
        if (!out.includes(l))
            out.push(l);
    return out;
}
/**
 * Every candidate in the order they are tried, common settings first, in tiers:
 * defaults (memLevel 8, the window, strategy 0) at every level; memLevel 9; the other
 * strategies; smaller windows; smaller memLevels. pako (1.2.13) before node:zlib in each tier.
 * Without `exhaustive`, only the first two tiers (what zlib's users almost always pick).
 */
export function* candidates(hints = {}) {
    const seen = new Set();
    const key = (p) => `${p.impl}/${p.level}/${p.memLevel}/${p.windowBits}/${p.strategy}`;
    function* emit(p) {
        const k = key(p);
        if (seen.has(k))
            return;
        seen.add(k);
        yield p;
    }
    for (const p of hints.tried ?? [])
        if (p.impl !== 'stored')
            yield* emit(p);
    const levels = orderedLevels(hints.levels);
    const wb = intIn(hints.windowBits, 9, 15) ? hints.windowBits : 15;
    const tier = function* (memLevels, windows, strategies, lv) {
        for (const impl of DEFLATE_IMPLS)
            for (const memLevel of memLevels)
                for (const windowBits of windows)
                    for (const strategy of strategies)
                        for (const level of lv)
                            yield* emit({ impl, level, memLevel, windowBits, strategy });
    };
    yield* tier([8], [wb], [0], levels);
    yield* tier([9], [wb], [0], levels);
    if (!hints.exhaustive)
        return;
    // filtered only changes levels 4-9; huffman-only and rle ignore the level above 0.
    yield* tier([8, 9], [wb], [1], levels.filter((l) => l >= 4));
    yield* tier([8, 9], [wb], [2, 3], [levels.find((l) => l > 0) ?? 6]);
    yield* tier([8, 9], [wb], [4], levels.filter((l) => l > 0));
    const smaller = [14, 13, 12, 11, 10, 9].filter((w) => w !== wb);
    yield* tier([8], smaller, [0], levels);
    yield* tier([7, 6, 5, 4, 3, 2, 1], [wb], [0], levels);
}
//# sourceMappingURL=params.js.map