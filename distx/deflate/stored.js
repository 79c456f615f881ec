/**
 * Deflate streams made only of stored blocks (zlib level 0, and what many tools write for
 * incompressible data). Their framing depends on the producer's buffer sizes rather than on
 * an algorithm, so they are described by their block lengths, run-length coded: any
 * producer's stored-only stream is reproduced exactly.
 */
import { BadInputError } from '../errors.js';
const MAX_RUNS = 1 << 16;
/** The block runs of a stored-only stream, or null when it has another kind of block or odd bits. */
export function readStoredBlocks(stream) {
    const runs = [];
    for (let p = 0;;) {
        if (p + 5 > stream.length)
            return null;
        const head = stream[p];
        if (head !== 0 && head !== 1)
            return null;
        const len = stream[p + 1] | (stream[p + 2] << 8);
        const nlen = stream[p + 3] | (stream[p + 4] << 8);
        if ((len ^ 0xffff) !== nlen)
            return null;
        const last = runs[runs.length - 1];
        if (last && last[0] === len)
            last[1]++;
        else if (runs.push([len, 1]) > MAX_RUNS)
            return null;
        p += 5 + len;
        if (head === 1)
            return p === stream.length ? { impl: 'stored', blocks: runs } : null;
    }
}
export function checkStored(value) {
    const ok = Array.isArray(value.blocks) &&
        value.blocks.length > 0 &&
        value.blocks.length <= MAX_RUNS &&
        value.blocks.every((r) => Array.isArray(r) && r.length === 2 && Number.isInteger(r[0]) && r[0] >= 0 && r[0] <= 0xffff && Number.isInteger(r[1]) && r[1] >= 1 && r[1] <= 2 ** 32);
    if (!ok)
        throw new BadInputError('not a stored-blocks descriptor');
    return { impl: 'stored', blocks: value.blocks.map(([l, c]) => [l, c]) };
}
/** The stored-only stream of `content` with these block lengths. */
export function buildStored(p, content) {
    const total = p.blocks.reduce((n, [len, count]) => n + len * count, 0);
    if (total !== content.length)
        throw new BadInputError(`stored blocks hold ${total} bytes, content has ${content.length}`);
    const count = p.blocks.reduce((n, [, c]) => n + c, 0);
    const out = new Uint8Array(content.length + 5 * count);
    let o = 0;
    let i = 0;
    let left = count;
    for (const [len, n] of p.blocks) {
        for (let k = 0; k < n; k++) {
            out[o] = --left === 0 ? 1 : 0;
            out[o + 1] = len & 0xff;
            out[o + 2] = len >> 8;
            out[o + 3] = ~len & 0xff;
            out[o + 4] = (~len >> 8) & 0xff;
            out.set(content.subarray(i, i + len), o + 5);
            o += 5 + len;
            i += len;
        }
    }
    return out;
}
//# sourceMappingURL=stored.js.map