/**
 * A regular file's data, from the tar entry to its place in the file. A plain file's data is
 * its content, in order. A GNU sparse file's data is only its data regions, back to back (for
 * PAX 1.0 preceded by the map itself, see tar/sparse-map.ts): each region goes to its offset,
 * the holes between are never written, and the file is then cut to its real size, so the
 * result is sparse on any file system that supports holes. The region lengths must add up to
 * the data there is; anything else is a malformed archive.
 */
import { BadInputError } from '../errors.js';
import { readSparseMapFromData } from '../tar/index.js';
/**
 * Reads all of an entry's `data`, handing every piece to `onPayload` as it comes (for a
 * digest) and each byte of content to `place` at its position. Throws BadInputError naming
 * the entry when a sparse map does not match the data.
 */
export async function placeFileData(header, data, place, onPayload) {
    const sparse = header.sparse;
    if (!sparse) {
        let position = 0;
        for await (const piece of data) {
            onPayload?.(piece);
            if (piece.length > 0) {
                const slowed = place(piece, position);
                if (slowed)
                    await slowed;
            }
            position += piece.length;
        }
        return { payloadSize: position, size: position };
    }
    let map = sparse.mapInData ? undefined : sparse.map;
    let dataOffset = 0;
    let prefix = Buffer.alloc(0);
    let payloadSize = 0;
    let region = 0;
    let intoRegion = 0;
    const bad = (why) => new BadInputError(`entry ${JSON.stringify(header.name)}: ${why}`, { path: header.name });
    const placeRegions = async (bytes) => {
        let at = 0;
        while (at < bytes.length) {
            while (region < map.length && intoRegion === map[region].length) {
                region++;
                intoRegion = 0;
            }
            if (region >= map.length)
                throw bad('sparse file has more data than its map describes');
            const { offset, length } = map[region];
            const take = Math.min(length - intoRegion, bytes.length - at);
            await place(bytes.subarray(at, at + take), offset + intoRegion);
            intoRegion += take;
            at += take;
        }
    };
    for await (const piece of data) {
        onPayload?.(piece);
        payloadSize += piece.length;
        if (map) {
            await placeRegions(piece);
            continue;
        }
        // PAX 1.0: gather the start of the data until the whole map is there.
        prefix = Buffer.concat([prefix, piece]);
        const found = readSparseMapFromData(prefix, sparse.realSize);
        if (found === undefined)
            continue;
        map = found.map;
        dataOffset = found.dataOffset;
        if (prefix.length > dataOffset)
            await placeRegions(prefix.subarray(dataOffset));
        prefix = Buffer.alloc(0);
    }
    if (!map) {
        if (readSparseMapFromData(prefix, sparse.realSize) === undefined)
            throw bad('sparse map (PAX 1.0) is cut short by the end of the data');
    }
    const expected = map.reduce((sum, r) => sum + r.length, 0);
    if (payloadSize - dataOffset !== expected) {
        throw bad(`sparse map describes ${expected} bytes of data but the entry holds ${payloadSize - dataOffset}`);
    }
    return { payloadSize, size: sparse.realSize, sparse: { map: map, realSize: sparse.realSize, dataOffset } };
}
/**
 * The content of a sparse file from its payload: holes as zeros, regions from the payload
 * (after `dataOffset` bytes of map). Yields pieces of at most `zeroChunk` bytes of zeros.
 */
export async function* expandSparse(payload, sparse, zeroChunk = 1 << 20) {
    const zeros = new Uint8Array(Math.min(zeroChunk, Math.max(1, sparse.realSize)));
    function* holeOf(length) {
        for (let left = length; left > 0; left -= zeros.length)
            yield zeros.subarray(0, Math.min(left, zeros.length));
    }
    let skip = sparse.dataOffset;
    let position = 0;
    let region = 0;
    let intoRegion = 0;
    for await (let piece of payload) {
        if (skip > 0) {
            const cut = Math.min(skip, piece.length);
            skip -= cut;
            piece = piece.subarray(cut);
        }
        while (piece.length > 0) {
            while (region < sparse.map.length && intoRegion === sparse.map[region].length) {
                region++;
                intoRegion = 0;
            }
            const current = sparse.map[region];
            if (!current)
                throw new RangeError('sparse payload longer than its map');
            if (position < current.offset) {
                yield* holeOf(current.offset - position);
                position = current.offset;
            }
            const take = Math.min(current.length - intoRegion, piece.length);
            yield piece.subarray(0, take);
            piece = piece.subarray(take);
            intoRegion += take;
            position += take;
        }
    }
    yield* holeOf(sparse.realSize - position);
}
//# sourceMappingURL=file-data.js.map