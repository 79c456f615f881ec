/**
 * Sparse files: which regions of a file hold data, in each of GNU's encodings. The archived
 * data of a sparse entry is only those regions, back to back; the map says where each goes
 * in a file of `realSize` bytes, the rest being holes (zeros).
 *
 * - Old GNU ('S' typeflag): four (offset, length) pairs in the header, more in 512-byte
 *   extension blocks that follow it while their "is extended" byte is set (GNU tar manual,
 *   "Storing Sparse Files"). Those blocks are framing; the tar reader reads them.
 * - PAX 0.0 / 0.1: records GNU.sparse.offset/numbytes (gathered into GNU.sparse.map) or
 *   GNU.sparse.map plus GNU.sparse.numblocks; real size in GNU.sparse.size.
 * - PAX 1.0: the map is text at the start of the entry's data: the number of regions, then
 *   an offset and a length per region, each followed by a newline, padded with zeros to a
 *   multiple of 512 bytes; real size in GNU.sparse.realsize. It is part of the payload (it
 *   is among the bytes the entry's size counts), so the splitter leaves it there and
 *   `readSparseMapFromData` reads it for whoever needs the map.
 *
 * Maps are checked as Go's archive/tar (and BSD tar) check them: no negative numbers, each
 * region inside the real size, regions in order and not overlapping.
 * XXX: that the regions' lengths add up to the archived data is not checked here (Go finds
 * out only while reading the data); whoever expands the file must check it.
 */
import { BadInputError } from '../errors.js';
import { parseNumericField } from './header-fields.js';
import { BLOCK_SIZE, SPARSE_ENTRY_LENGTH, SPARSE_NUMBER_LENGTH } from './header-layout.js';
import { parseDecimal } from './pax-records.js';
const NEWLINE = 0x0a;
const COMMA = ',';
/**
 * Reads `count` old-GNU sparse entries starting at `offset` of a block, stopping early at an
 * entry whose offset field begins with NUL (the rule of GNU, BSD and Go tar).
 */
export function readOldGnuSparseEntries(block, offset, count) {
    const regions = [];
    for (let i = 0; i < count; i++) {
        const at = offset + i * SPARSE_ENTRY_LENGTH;
        if (block[at] === 0)
            break;
        const regionOffset = parseNumericField(block, { offset: at, length: SPARSE_NUMBER_LENGTH });
        const regionLength = parseNumericField(block, { offset: at + SPARSE_NUMBER_LENGTH, length: SPARSE_NUMBER_LENGTH });
        if (regionOffset === undefined || regionLength === undefined)
            throw new BadInputError('malformed number in a GNU sparse map');
        regions.push({ offset: regionOffset, length: regionLength });
    }
    return regions;
}
/** The map of a PAX 0.0/0.1 sparse entry from its GNU.sparse.numblocks and GNU.sparse.map values. */
export function parsePaxSparseMap(numBlocks, map) {
    const count = parseDecimal(numBlocks);
    if (count === undefined || count < 0)
        throw new BadInputError(`malformed GNU.sparse.numblocks ${JSON.stringify(numBlocks)}`);
    const numbers = map === '' ? [] : map.split(COMMA);
    if (numbers.length !== 2 * count)
        throw new BadInputError(`GNU.sparse.map holds ${numbers.length} numbers where GNU.sparse.numblocks says ${count} pairs`);
    const regions = [];
    for (let i = 0; i < numbers.length; i += 2) {
        const offset = parseDecimal(numbers[i]);
        const length = parseDecimal(numbers[i + 1]);
        if (offset === undefined || length === undefined)
            throw new BadInputError('malformed number in GNU.sparse.map');
        regions.push({ offset, length });
    }
    return regions;
}
/** Throws BadInputError unless the regions are non-negative, in order, disjoint and within realSize. */
export function validateSparseMap(map, realSize) {
    if (realSize < 0)
        throw new BadInputError(`negative sparse file size ${realSize}`);
    let previousEnd = 0;
    for (const region of map) {
        const end = region.offset + region.length;
        if (region.offset < 0 || region.length < 0)
            throw new BadInputError('negative number in a sparse map');
        if (!Number.isSafeInteger(end) || end > realSize)
            throw new BadInputError(`sparse region ${region.offset}+${region.length} lies beyond the file size ${realSize}`);
        if (region.offset < previousEnd)
            throw new BadInputError(`sparse region at ${region.offset} overlaps or precedes the one before`);
        previousEnd = end;
    }
}
/** Default cap on the bytes a PAX 1.0 map may occupy. */
export const DEFAULT_MAX_SPARSE_MAP_BYTES = 1 << 20;
/**
 * Reads the PAX 1.0 sparse map from the first bytes of an entry's data (the payload
 * `splitTar` yields for a header whose `sparse.mapInData` is set).
 *
 * Pass the data read so far; the result is undefined while `prefix` does not yet hold the
 * whole map (read more and call again), else the map and the offset at which the data
 * regions begin. Throws BadInputError when the map is malformed, does not fit `realSize`,
 * or is still incomplete after `maxMapBytes` (default 1 MiB) — that bound is what keeps a
 * hostile map from growing without end.
 */
export function readSparseMapFromData(prefix, realSize, maxMapBytes = DEFAULT_MAX_SPARSE_MAP_BYTES) {
    // The map is read in whole blocks, as GNU tar writes it and Go reads it.
    const usable = Math.min(prefix.length, maxMapBytes) - (Math.min(prefix.length, maxMapBytes) % BLOCK_SIZE);
    const lines = [];
    let lineStart = 0;
    let needed = 1; // the count line, then two lines per region
    for (let i = 0; i < usable && lines.length < needed; i++) {
        if (prefix[i] !== NEWLINE)
            continue;
        const line = Buffer.from(prefix.buffer, prefix.byteOffset + lineStart, i - lineStart).toString('latin1');
        lineStart = i + 1;
        lines.push(line);
        if (lines.length === 1) {
            const count = parseDecimal(line);
            if (count === undefined || count < 0)
                throw new BadInputError(`malformed PAX 1.0 sparse map: bad region count ${JSON.stringify(line)}`);
            needed = 1 + 2 * count;
        }
    }
    if (lines.length < needed) {
        if (prefix.length >= maxMapBytes)
            throw new BadInputError(`PAX 1.0 sparse map is longer than ${maxMapBytes} bytes`);
        return undefined;
    }
    const map = [];
    for (let i = 1; i < lines.length; i += 2) {
        const offset = parseDecimal(lines[i]);
        const length = parseDecimal(lines[i + 1]);
        if (offset === undefined || length === undefined)
            throw new BadInputError('malformed number in a PAX 1.0 sparse map');
        map.push({ offset, length });
    }
    validateSparseMap(map, realSize);
    const dataOffset = Math.ceil(lineStart / BLOCK_SIZE) * BLOCK_SIZE;
    return { map, dataOffset };
}
//# sourceMappingURL=sparse-map.js.map