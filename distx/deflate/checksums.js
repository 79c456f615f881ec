/** CRC-32 (gzip, zip) and Adler-32 (zlib) of whole buffers. */
import * as zlib from 'node:zlib';
const native = zlib.crc32;
let table;
function crcTable() {
    if (table)
        return table;
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
}
export function crc32(data) {
    return crc32Update(0, data);
}
/** The CRC-32 of the bytes before (`crc`) followed by `data`: a running CRC-32 over pieces. */
export function crc32Update(crc, data) {
    if (native)
        return native(data, crc) >>> 0;
    const t = crcTable();
    let c = (crc ^ 0xffffffff) >>> 0;
    for (let i = 0; i < data.length; i++)
        c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}
export function adler32(data) {
    let a = 1;
    let b = 0;
    for (let i = 0; i < data.length;) {
        const end = Math.min(i + 5552, data.length);
        for (; i < end; i++) {
            a += data[i];
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return ((b << 16) | a) >>> 0;
}
//# sourceMappingURL=checksums.js.map