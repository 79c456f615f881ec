/**
 * Where each entry's data lies in a zip (or jar) file, read from the end-of-central-directory
 * record (zip64 too), the central directory and each entry's local header. Only the data
 * ranges matter to the split: every other byte (headers, extra fields, data descriptors,
 * comments, padding, bytes before the first entry) is kept verbatim. Anything inconsistent
 * (offsets or lengths outside the file, entries that overlap each other or the directory,
 * multi-disk archives) is a BadInputError, found in time linear in the directory's size.
 */
import { BadInputError } from '../errors.js';
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
class View {
    bytes;
    dv;
    constructor(bytes) {
        this.bytes = bytes;
        this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    has(at, n) {
        return at >= 0 && at + n <= this.bytes.length;
    }
    need(at, n, what) {
        if (!this.has(at, n))
            throw new BadInputError(`zip: ${what} lies outside the file`, { offset: at });
    }
    u16(at) {
        return this.dv.getUint16(at, true);
    }
    u32(at) {
        return this.dv.getUint32(at, true);
    }
    u64(at) {
        const v = this.dv.getBigUint64(at, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER))
            throw new BadInputError('zip: a 64-bit field is out of range', { offset: at });
        return Number(v);
    }
}
function findEnd(v) {
    const n = v.bytes.length;
    for (let at = n - 22; at >= Math.max(0, n - 22 - 0xffff); at--) {
        if (v.u32(at) === EOCD && at + 22 + v.u16(at + 20) === n)
            return at;
    }
    throw new BadInputError('not a zip file (no end of central directory record)');
}
function readDirectoryLocation(v, eocd) {
    if (v.u16(eocd + 4) !== 0 || v.u16(eocd + 6) !== 0)
        throw new BadInputError('zip: multi-disk archives are not supported');
    let count = v.u16(eocd + 10);
    let size = v.u32(eocd + 12);
    let offset = v.u32(eocd + 16);
    let end = eocd;
    if (eocd >= 20 && v.u32(eocd - 20) === ZIP64_LOCATOR) {
        const at = v.u64(eocd - 12);
        v.need(at, 56, 'zip64 end record');
        if (v.u32(at) !== ZIP64_EOCD)
            throw new BadInputError('zip: zip64 locator does not point at a zip64 record', { offset: at });
        count = v.u64(at + 32);
        size = v.u64(at + 40);
        offset = v.u64(at + 48);
        end = at;
    }
    return { offset, size, count, end };
}
function zip64Extra(v, at, len, e) {
    for (let p = at; p + 4 <= at + len;) {
        const id = v.u16(p);
        const size = v.u16(p + 2);
        if (p + 4 + size > at + len)
            break;
        if (id === 1) {
            let q = p + 4;
            const take = () => {
                if (q + 8 > p + 4 + size)
                    throw new BadInputError('zip: zip64 extra field too short', { offset: p });
                const x = v.u64(q);
                q += 8;
                return x;
            };
            if (e.size === 0xffffffff)
                e.size = take();
            if (e.compressedSize === 0xffffffff)
                e.compressedSize = take();
            if (e.localOffset === 0xffffffff)
                e.localOffset = take();
            return;
        }
        p += 4 + size;
    }
}
function decodeName(bytes, utf8) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(utf8 ? 'utf8' : 'latin1');
}
/** The data ranges of every entry; see the module comment for what is refused. */
export function readZipLayout(zip) {
    const v = new View(zip);
    if (zip.length < 22)
        throw new BadInputError('not a zip file (too short)');
    const eocd = findEnd(v);
    const dir = readDirectoryLocation(v, eocd);
    // Bytes prepended to the archive (self-extractors) shift every offset by the same amount.
    const shift = dir.end - (dir.offset + dir.size);
    if (shift < 0)
        throw new BadInputError('zip: central directory overlaps its end record', { offset: dir.offset });
    const start = dir.offset + shift;
    if (dir.count > dir.size / 46)
        throw new BadInputError(`zip: ${dir.count} entries cannot fit a ${dir.size}-byte directory`);
    const entries = [];
    let p = start;
    for (let i = 0; i < dir.count; i++) {
        v.need(p, 46, 'central directory entry');
        if (v.u32(p) !== CENTRAL)
            throw new BadInputError('zip: bad central directory entry signature', { offset: p });
        const nameLen = v.u16(p + 28);
        const extraLen = v.u16(p + 30);
        const commentLen = v.u16(p + 32);
        v.need(p + 46, nameLen + extraLen + commentLen, 'central directory entry');
        const flags = v.u16(p + 8);
        const e = {
            name: decodeName(zip.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0),
            flags,
            method: v.u16(p + 10),
            crc: v.u32(p + 16),
            compressedSize: v.u32(p + 20),
            size: v.u32(p + 24),
            localOffset: v.u32(p + 42),
            dataOffset: 0,
        };
        zip64Extra(v, p + 46 + nameLen, extraLen, e);
        e.localOffset += shift;
        v.need(e.localOffset, 30, 'local header');
        if (v.u32(e.localOffset) !== LOCAL)
            throw new BadInputError(`zip: entry ${e.name} has no local header`, { offset: e.localOffset });
        e.dataOffset = e.localOffset + 30 + v.u16(e.localOffset + 26) + v.u16(e.localOffset + 28);
        if (e.dataOffset + e.compressedSize > start) {
            throw new BadInputError(`zip: data of entry ${e.name} runs past the central directory`, { offset: e.dataOffset });
        }
        entries.push(e);
        p += 46 + nameLen + extraLen + commentLen;
    }
    if (p > start + dir.size)
        throw new BadInputError('zip: central directory is longer than its stated size', { offset: start });
    entries.sort((a, b) => a.localOffset - b.localOffset);
    for (let i = 1; i < entries.length; i++) {
        const prev = entries[i - 1];
        if (entries[i].localOffset < prev.dataOffset + prev.compressedSize) {
            throw new BadInputError(`zip: entries ${prev.name} and ${entries[i].name} overlap`, { offset: entries[i].localOffset });
        }
    }
    return { entries, directoryOffset: start };
}
/** A zip cut around its entries' data: the rest verbatim (the skeleton), and each entry's data with its offset in the skeleton. */
export function cutZip(zip, layout) {
    const skeleton = [];
    const pieces = [];
    let from = 0;
    let at = 0;
    for (const entry of layout.entries) {
        skeleton.push(zip.subarray(from, entry.dataOffset));
        at += entry.dataOffset - from;
        pieces.push({ entry, at, data: zip.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize) });
        from = entry.dataOffset + entry.compressedSize;
    }
    skeleton.push(zip.subarray(from));
    return { skeleton: Buffer.concat(skeleton), pieces };
}
//# sourceMappingURL=layout.js.map