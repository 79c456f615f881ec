/**
 * zlib streams (RFC 1950) described as content plus descriptor: the two header bytes
 * verbatim and the deflate parameters; the Adler-32 trailer is recomputed. Streams with a
 * preset dictionary are not reproducible here.
 */
import { BadInputError, CorruptDataError } from '../errors.js';
import { adler32 } from './checksums.js';
import { deflateWith } from './engines.js';
import { findDeflateParams } from './find.js';
import { inflateRawBounded } from './inflate.js';
import { checkParams } from './params.js';
import { fromHex, toHex } from './described.js';
const FLEVEL_HINTS = [[1, 0], [2, 3, 4, 5], [6], [7, 8, 9]];
export function describeZlib(z, options = {}) {
    if (z.length < 6)
        throw new CorruptDataError('zlib stream truncated');
    const cmf = z[0];
    const flg = z[1];
    if ((cmf & 0x0f) !== 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 !== 0)
        throw new BadInputError('not a zlib stream');
    const empty = new Uint8Array(0);
    if (flg & 0x20)
        return { ok: false, reason: 'zlib stream uses a preset dictionary', content: empty };
    const { content, used } = inflateRawBounded(z.subarray(2), options.maxInflated ?? 1 << 30, 'zlib stream');
    const end = 2 + used;
    if (end + 4 > z.length)
        throw new CorruptDataError('zlib trailer truncated', { offset: end });
    if (Buffer.from(z.buffer, z.byteOffset + end, 4).readUInt32BE(0) !== adler32(content)) {
        throw new CorruptDataError('zlib Adler-32 does not match the content', { offset: end });
    }
    if (end + 4 !== z.length)
        return { ok: false, reason: `${z.length - end - 4} bytes after the zlib stream`, content };
    const params = findDeflateParams(z.subarray(2, end), content, {
        ...options.find,
        levels: FLEVEL_HINTS[flg >> 6],
        windowBits: Math.max(9, (cmf >> 4) + 8),
    });
    if (!params)
        return { ok: false, reason: 'no known deflate reproduces the zlib stream', content };
    return { ok: true, content, descriptor: { format: 'zlib', header: toHex(z.subarray(0, 2)), deflate: params } };
}
export function rebuildZlib(d, content) {
    if (d?.format !== 'zlib' || typeof d.header !== 'string' || d.header.length !== 4)
        throw new BadInputError('not a zlib descriptor');
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler32(content), 0);
    return Buffer.concat([fromHex(d.header), deflateWith(checkParams(d.deflate), content), trailer]);
}
//# sourceMappingURL=zlib-stream.js.map