/**
 * The bsdiff matching strategy (Colin Percival, "Naive differences of executable code",
 * 2003), implemented for cairn: walk the target, find the longest match of each position in
 * the base through its suffix array, and accept a match when it beats, by more than 8 bytes,
 * how well the current alignment (the last match's offset, carried forward) already does.
 * Between accepted matches, the bytes covered by the previous alignment are extended forwards
 * and the new match backwards while at least half of them agree; those become "diff" bytes
 * (target minus base, bytewise, mostly zeros where code moved and only addresses changed) and
 * whatever is left between them becomes "extra" bytes copied verbatim.
 *
 * The result is a list of steps (diffLength, extraLength, seek): add `diffLength` diff bytes to
 * the base at the current base position, append `extraLength` extra bytes, then move the base
 * position by `diffLength + seek`.
 */
import { suffixArray } from './suffix-array.js';
/** Length of the common prefix of base[a..] and target[b..]. */
function commonPrefix(base, a, target, b) {
    const max = Math.min(base.length - a, target.length - b);
    let i = 0;
    while (i < max && base[a + i] === target[b + i])
        i++;
    return i;
}
/**
 * The longest match of target[at..] among the base's suffixes: binary search for where the
 * target suffix would sort, skipping the prefix both bounds are known to share with it.
 */
export class SuffixSearch {
    base;
    #sa;
    matchPos = 0;
    constructor(base, sa) {
        this.base = base;
        this.#sa = sa ?? suffixArray(base);
    }
    /** Returns the match length and leaves its base offset in `matchPos`. */
    longest(target, at) {
        const sa = this.#sa;
        const base = this.base;
        const n = base.length;
        if (n === 0 || at >= target.length) {
            this.matchPos = 0;
            return 0;
        }
        let lo = 0;
        let hi = n - 1;
        let loLen = commonPrefix(base, sa[lo], target, at);
        let hiLen = commonPrefix(base, sa[hi], target, at);
        const rest = target.length - at;
        while (hi - lo > 1) {
            const mid = (lo + hi) >>> 1;
            const pos = sa[mid];
            let len = Math.min(loLen, hiLen);
            const max = Math.min(n - pos, rest);
            while (len < max && base[pos + len] === target[at + len])
                len++;
            if (len === rest) {
                this.matchPos = pos;
                return len;
            }
            if (len === n - pos || base[pos + len] < target[at + len]) {
                lo = mid;
                loLen = len;
            }
            else {
                hi = mid;
                hiLen = len;
            }
        }
        if (loLen >= hiLen) {
            this.matchPos = sa[lo];
            return loLen;
        }
        this.matchPos = sa[hi];
        return hiLen;
    }
}
/**
 * Matches `target` against `base` (whose suffix array `search` holds), in TypeScript.
 * `minGain`: a new match is taken when it beats the current alignment by more than this many
 * bytes (bsdiff: 8). Higher values leave short matches inside new text to the extra stream.
 */
export function matchBsdiff(search, target, minGain = 8) {
    const base = search.base;
    const oldSize = base.length;
    const newSize = target.length;
    const steps = [];
    const diff = new Uint8Array(newSize);
    const extra = new Uint8Array(newSize);
    let diffLen = 0;
    let extraLen = 0;
    let scan = 0;
    let len = 0;
    let pos = 0;
    let lastScan = 0;
    let lastPos = 0;
    let lastOffset = 0;
    while (scan < newSize) {
        let oldScore = 0;
        scan += len;
        let scsc = scan;
        for (; scan < newSize; scan++) {
            len = search.longest(target, scan);
            pos = search.matchPos;
            for (; scsc < scan + len; scsc++) {
                if (scsc + lastOffset < oldSize && base[scsc + lastOffset] === target[scsc])
                    oldScore++;
            }
            if ((len === oldScore && len !== 0) || len > oldScore + minGain)
                break;
            if (scan + lastOffset < oldSize && base[scan + lastOffset] === target[scan])
                oldScore--;
        }
        if (len === oldScore && scan !== newSize)
            continue;
        // Extend the previous alignment forwards while at least half the bytes agree.
        let s = 0;
        let bestF = 0;
        let lenF = 0;
        for (let i = 0; lastScan + i < scan && lastPos + i < oldSize;) {
            if (base[lastPos + i] === target[lastScan + i])
                s++;
            i++;
            if (s * 2 - i > bestF * 2 - lenF) {
                bestF = s;
                lenF = i;
            }
        }
        // Extend the new match backwards the same way.
        let lenB = 0;
        if (scan < newSize) {
            s = 0;
            let bestB = 0;
            for (let i = 1; scan >= lastScan + i && pos >= i; i++) {
                if (base[pos - i] === target[scan - i])
                    s++;
                if (s * 2 - i > bestB * 2 - lenB) {
                    bestB = s;
                    lenB = i;
                }
            }
        }
        // Where the two extensions overlap, split at the point that keeps the most agreements.
        if (lastScan + lenF > scan - lenB) {
            const overlap = lastScan + lenF - (scan - lenB);
            s = 0;
            let bestS = 0;
            let lenS = 0;
            for (let i = 0; i < overlap; i++) {
                if (target[lastScan + lenF - overlap + i] === base[lastPos + lenF - overlap + i])
                    s++;
                if (target[scan - lenB + i] === base[pos - lenB + i])
                    s--;
                if (s > bestS) {
                    bestS = s;
                    lenS = i + 1;
                }
            }
            lenF += lenS - overlap;
            lenB -= lenS;
        }
        for (let i = 0; i < lenF; i++)
            diff[diffLen++] = (target[lastScan + i] - base[lastPos + i]) & 0xff;
        const gap = scan - lenB - (lastScan + lenF);
        extra.set(target.subarray(lastScan + lenF, lastScan + lenF + gap), extraLen);
        extraLen += gap;
        steps.push(lenF, gap, pos - lenB - (lastPos + lenF));
        lastScan = scan - lenB;
        lastPos = pos - lenB;
        lastOffset = pos - scan;
    }
    return { steps, diff: diff.subarray(0, diffLen), extra: extra.subarray(0, extraLen) };
}
//# sourceMappingURL=matcher.js.map