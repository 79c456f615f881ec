/**
 * Whole gzip files described as their uncompressed content plus a small descriptor: each
 * member's header bytes verbatim (flags, mtime, XFL, OS, extra, name, comment, header CRC),
 * its inflated size and the deflate parameters that reproduce it; the trailer (CRC-32 and
 * size) is recomputed; bytes after the last member (padding) are kept verbatim.
 */
import { BadInputError, CorruptDataError } from '../errors.js';
import { crc32 } from './checksums.js';
import { deflateWith } from './engines.js';
import { findDeflateParams } from './find.js';
import { inflateRawBounded } from './inflate.js';
import { checkParams } from './params.js';
import { fromHex, toHex } from './described.js';
const MAX_TAIL = 4096;
const MAX_MEMBERS = 4096;
/** Length of the gzip header at `at`, or a CorruptDataError (truncated) / BadInputError (not gzip). */
export function headerLength(gz, at) {
    const need = (n) => {
        if (n > gz.length)
            throw new CorruptDataError('gzip header truncated', { offset: at });
    };
    need(at + 10);
    if (gz[at] !== 0x1f || gz[at + 1] !== 0x8b)
        throw new BadInputError('not gzip (bad magic)', { offset: at });
    if (gz[at + 2] !== 8)
        throw new BadInputError(`gzip method ${gz[at + 2]} is not deflate`, { offset: at });
    const flags = gz[at + 3];
    if (flags & 0xe0)
        throw new CorruptDataError('gzip header has reserved flags set', { offset: at });
    let p = at + 10;
    if (flags & 4) {
        need(p + 2);
        p += 2 + (gz[p] | (gz[p + 1] << 8));
        need(p);
    }
    for (const bit of [8, 16]) {
        if (flags & bit) {
            const end = gz.indexOf(0, p);
            if (end < 0)
                throw new CorruptDataError('gzip header name or comment not terminated', { offset: at });
            p = end + 1;
        }
    }
    if (flags & 2)
        p += 2;
    need(p);
    return p - at;
}
/** Levels to try first for a gzip header's XFL byte (2: best compression, 4: fastest). */
export function levelHint(xfl) {
    if (xfl === 2)
        return [9, 8, 7];
    if (xfl === 4)
        return [1];
    return [6];
}
const u32 = (b, at) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
/**
 * Splits a gzip file into its content and, when every member re-deflates byte for byte, a
 * descriptor. Malformed gzip: BadInputError/CorruptDataError (a wrong CRC or size included).
 */
export function describeGzip(gz, options = {}) {
    const maxOutput = options.maxInflated ?? 1 << 30;
    const members = [];
    const contents = [];
    let total = 0;
    let at = 0;
    let reason;
    let tried = [];
    do {
        if (members.length + (reason ? 1 : 0) >= MAX_MEMBERS)
            throw new BadInputError(`gzip has more than ${MAX_MEMBERS} members`);
        const hlen = headerLength(gz, at);
        const streamStart = at + hlen;
        const { content, used } = inflateRawBounded(gz.subarray(streamStart), maxOutput - total, 'gzip member');
        const trailer = streamStart + used;
        if (trailer + 8 > gz.length)
            throw new CorruptDataError('gzip trailer truncated', { offset: trailer });
        if (u32(gz, trailer) !== crc32(content))
            throw new CorruptDataError('gzip CRC-32 does not match the content', { offset: trailer });
        if (u32(gz, trailer + 4) !== content.length % 2 ** 32)
            throw new CorruptDataError('gzip size does not match the content', { offset: trailer + 4 });
        total += content.length;
        contents.push(content);
        if (!reason) {
            const find = { ...options.find, levels: levelHint(gz[at + 8]), tried };
            const params = findDeflateParams(gz.subarray(streamStart, trailer), content, find);
            if (params) {
                members.push({ header: toHex(gz.subarray(at, streamStart)), size: content.length, deflate: params });
                tried = [params];
            }
            else {
                reason = `gzip member at ${at}: no known deflate reproduces it`;
            }
        }
        at = trailer + 8;
    } while (at + 1 < gz.length && gz[at] === 0x1f && gz[at + 1] === 0x8b);
    const content = contents.length === 1 ? contents[0] : Buffer.concat(contents);
    if (!reason && gz.length - at > MAX_TAIL)
        reason = `${gz.length - at} bytes after the last gzip member`;
    if (reason)
        return { ok: false, reason, content };
    return { ok: true, content, descriptor: { format: 'gzip', members, tail: toHex(gz.subarray(at)) } };
}
function checkGzipDescriptor(d) {
    if (d?.format !== 'gzip' || !Array.isArray(d.members) || d.members.length === 0 || typeof d.tail !== 'string') {
        throw new BadInputError('not a gzip descriptor');
    }
    for (const m of d.members) {
        checkParams(m.deflate);
        if (!Number.isSafeInteger(m.size) || m.size < 0 || typeof m.header !== 'string')
            throw new BadInputError('bad gzip member in descriptor');
    }
}
/** The exact gzip file described, from its content. */
export function rebuildGzip(d, content) {
    checkGzipDescriptor(d);
    const sum = d.members.reduce((s, m) => s + m.size, 0);
    if (sum !== content.length)
        throw new BadInputError(`gzip descriptor wants ${sum} bytes of content, got ${content.length}`);
    const parts = [];
    let at = 0;
    for (const m of d.members) {
        const piece = content.subarray(at, at + m.size);
        at += m.size;
        const trailer = Buffer.alloc(8);
        trailer.writeUInt32LE(crc32(piece), 0);
        trailer.writeUInt32LE(piece.length % 2 ** 32, 4);
        parts.push(fromHex(m.header), deflateWith(m.deflate, piece), trailer);
    }
    parts.push(fromHex(d.tail));
    return Buffer.concat(parts);
}
//# sourceMappingURL=gzip.js.map