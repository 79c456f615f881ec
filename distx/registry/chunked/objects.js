/**
 * Fetching objects (chunks, file recipes, layer parts) out of packs by their index entries:
 * grouped by pack, read as ranges, each record's header checked against the index, unpacked,
 * and chunks and parts checked against their digests as they arrive.
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../../errors.js';
import { RecordDecompressor } from '../../store/compression.js';
import { RECORD_HEADER, decodeRecordHeader, objectKey } from './format.js';
import { sliceOf } from './ranges.js';
/** Packs fetched at once. */
const PACKS_IN_FLIGHT = 4;
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
/** One decompression context per call site: creating one per record costs more than decoding a small chunk. */
export class RecordUnpacker {
    #decompressor = new RecordDecompressor();
    /** Decodes one record cut from a pack, checking it against its index entry (and its digest, for chunks and parts). */
    unpack(record, entry) {
        const head = decodeRecordHeader(record);
        const what = `${entry.kind === 1 /* ObjectKind.Chunk */ ? 'chunk' : entry.kind === 9 /* ObjectKind.LayerPart */ ? 'layer part' : 'file recipe'} sha256:${entry.digest}`;
        if (head.digest !== entry.digest || head.kind !== entry.kind || RECORD_HEADER + head.storedLength !== entry.length) {
            throw new CorruptDataError(`registry: the pack record of ${what} does not match the index`, { digest: `sha256:${entry.digest}` });
        }
        const payload = Buffer.from(record.buffer, record.byteOffset + RECORD_HEADER, head.storedLength);
        const zstd = head.codec === 1 /* ObjectCodec.Zstd */;
        let raw;
        try {
            raw = zstd ? this.#decompressor.decompress(payload, head.rawLength) : payload;
        }
        catch (cause) {
            throw new CorruptDataError(`registry: ${what}: bad zstd data (${cause.message})`, { digest: `sha256:${entry.digest}`, cause });
        }
        if (raw.length !== head.rawLength)
            throw new CorruptDataError(`registry: ${what} has the wrong length`, { digest: `sha256:${entry.digest}` });
        // A file recipe is named by the file's content, which is checked once the file is rebuilt.
        if (entry.kind !== 2 /* ObjectKind.FileRecipe */ && sha(raw) !== entry.digest) {
            throw new CorruptDataError(`registry: ${what} does not match its digest`, { digest: `sha256:${entry.digest}` });
        }
        return { raw, payload, zstd };
    }
}
/** Decodes one record cut from a pack (see RecordUnpacker.unpack): the raw object. */
export function unpackRecord(record, entry) {
    return new RecordUnpacker().unpack(record, entry).raw;
}
/** The objects, fetched and checked: `kind:digest` → the record (raw bytes and stored payload). */
export async function fetchRecords(fetcher, entries, packSizes) {
    const byPack = new Map();
    for (const e of entries) {
        const list = byPack.get(e.pack);
        if (list)
            list.push(e);
        else
            byPack.set(e.pack, [e]);
    }
    const out = new Map();
    const unpacker = new RecordUnpacker();
    const queue = [...byPack.entries()];
    const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
            const [pack, objects] = next;
            const size = packSizes.get(pack);
            if (size === undefined)
                throw new CorruptDataError(`registry: chunk index names an unknown pack ${pack}`);
            const kind = objects.every((o) => o.kind === 1 /* ObjectKind.Chunk */) ? 'chunks' : 'metadata';
            const parts = await fetcher.ranges({ digest: pack, size }, objects.map((o) => ({ start: o.offset, end: o.offset + o.length })), kind);
            for (const o of objects) {
                const record = sliceOf(parts, o.offset, o.length);
                if (!record)
                    throw new CorruptDataError(`registry: the answer for pack ${pack} lacks a record`, { digest: pack });
                out.set(objectKey(o.kind, o.digest), unpacker.unpack(record, o));
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(PACKS_IN_FLIGHT, queue.length) }, worker));
    return out;
}
/** The objects, fetched and checked: `kind:digest` → raw bytes. */
export async function fetchObjects(fetcher, entries, packSizes) {
    const records = await fetchRecords(fetcher, entries, packSizes);
    return new Map([...records].map(([key, r]) => [key, r.raw]));
}
//# sourceMappingURL=objects.js.map