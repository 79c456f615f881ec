/**
 * Suffix array construction by induced sorting (SA-IS: Nong, Zhang and Chan, 2009), written
 * for this module. The string is read with a virtual sentinel past its end that is smaller
 * than every symbol, so no copy with an appended terminator is made.
 *
 * Memory: the result (4 bytes per input byte), one type byte per input byte, and two bucket
 * arrays of the alphabet size; the reduced problem of each recursion level lives inside the
 * result array (it has at most n/2 symbols), plus its own type bytes and buckets (at most n/2
 * and n/4 bytes more). About 5n + 2 KiB for a byte string of length n at the top level.
 */
/** The suffix array of `text`: the start offsets of its suffixes in lexicographic order. */
export function suffixArray(text) {
    const n = text.length;
    if (n > 0x7fffffff)
        throw new RangeError('suffix array input too large');
    const sa = new Int32Array(n);
    if (n > 0)
        sais(text, sa, n, 256);
    return sa;
}
function bucketStarts(counts, out, k) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
        out[c] = sum;
        sum += counts[c];
    }
}
function bucketEnds(counts, out, k) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
        sum += counts[c];
        out[c] = sum;
    }
}
/** L-type suffixes from the sorted positions already in `sa`, left to right. */
function induceL(t, sa, n, stype, counts, bkt, k) {
    bucketStarts(counts, bkt, k);
    // The virtual sentinel sorts first and induces the last suffix, which is always L-type.
    sa[bkt[t[n - 1]]++] = n - 1;
    for (let i = 0; i < n; i++) {
        const j = sa[i] - 1;
        if (j >= 0 && stype[j] === 0)
            sa[bkt[t[j]]++] = j;
    }
}
/** S-type suffixes from the L-type ones, right to left. */
function induceS(t, sa, n, stype, counts, bkt, k) {
    bucketEnds(counts, bkt, k);
    for (let i = n - 1; i >= 0; i--) {
        const j = sa[i] - 1;
        if (j >= 0 && stype[j] === 1)
            sa[--bkt[t[j]]] = j;
    }
}
function sais(t, sa, n, k) {
    if (n === 1) {
        sa[0] = 0;
        return;
    }
    // Suffix types: S (1) when smaller than the next suffix, L (0) otherwise; the last is L.
    const stype = new Uint8Array(n);
    for (let i = n - 2; i >= 0; i--) {
        const a = t[i];
        const b = t[i + 1];
        stype[i] = a < b || (a === b && stype[i + 1] === 1) ? 1 : 0;
    }
    const isLms = (i) => i > 0 && stype[i] === 1 && stype[i - 1] === 0;
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++)
        counts[t[i]]++;
    const bkt = new Int32Array(k);
    // Stage 1: sort the LMS substrings by inducing from their unsorted positions.
    sa.fill(-1, 0, n);
    bucketEnds(counts, bkt, k);
    for (let i = 1; i < n; i++)
        if (isLms(i))
            sa[--bkt[t[i]]] = i;
    induceL(t, sa, n, stype, counts, bkt, k);
    induceS(t, sa, n, stype, counts, bkt, k);
    // Compact the sorted LMS positions into the front, then name equal substrings alike.
    let n1 = 0;
    for (let i = 0; i < n; i++) {
        const p = sa[i];
        if (isLms(p))
            sa[n1++] = p;
    }
    sa.fill(-1, n1, n);
    let name = 0;
    let prev = -1;
    for (let i = 0; i < n1; i++) {
        const pos = sa[i];
        let differ = prev < 0;
        for (let d = 0; !differ; d++) {
            if (pos + d === n || prev + d === n || t[pos + d] !== t[prev + d] || stype[pos + d] !== stype[prev + d]) {
                differ = true;
            }
            else if (d > 0 && (isLms(pos + d) || isLms(prev + d))) {
                break;
            }
        }
        if (differ) {
            name++;
            prev = pos;
        }
        sa[n1 + (pos >> 1)] = name - 1;
    }
    for (let i = n - 1, j = n - 1; i >= n1; i--)
        if (sa[i] >= 0)
            sa[j--] = sa[i];
    // Stage 2: sort the reduced string (recursively when names repeat).
    const reduced = sa.subarray(n - n1, n);
    const sa1 = sa.subarray(0, n1);
    if (name < n1)
        sais(reduced, sa1, n1, name);
    else
        for (let i = 0; i < n1; i++)
            sa1[reduced[i]] = i;
    // Stage 3: place the LMS suffixes in sorted order at their bucket ends and induce the rest.
    for (let i = 1, j = 0; i < n; i++)
        if (isLms(i))
            reduced[j++] = i;
    for (let i = 0; i < n1; i++)
        sa1[i] = reduced[sa1[i]];
    sa.fill(-1, n1, n);
    bucketEnds(counts, bkt, k);
    for (let i = n1 - 1; i >= 0; i--) {
        const p = sa[i];
        sa[i] = -1;
        sa[--bkt[t[p]]] = p;
    }
    induceL(t, sa, n, stype, counts, bkt, k);
    induceS(t, sa, n, stype, counts, bkt, k);
}
//# sourceMappingURL=suffix-array.js.map