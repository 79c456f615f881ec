/**
 * The records of one layer's packs, in pack order (docs/registry.md, "Grouping"): each layer
 * part, then the file recipes of the files it references (each once per layer), each followed
 * by the file's chunks (each once per layer). The order depends only on the layer recipe, never
 * on compression, so records are made ahead of the pack builder: chunks are read from the store
 * in batches while earlier ones are compressed on worker threads (a CompressPool), and handed
 * on in order with their stored form.
 */
import { CorruptDataError } from '../../errors.js';
import { CompressPool } from '../../store/compress-pool.js';
import { encodeFileRecipe, encodeLayerPart } from '../../recipe/index.js';
/** A layer part is closed after a file segment whose digest is a cut once it holds PART_MIN encoded bytes, and always at PART_MAX. */
export const PART_MIN = 16 << 10;
export const PART_MAX = 1 << 20;
/** One file segment in PART_CUT_ONE_IN is a cut (past PART_MIN). */
export const PART_CUT_ONE_IN = 8;
/** zstd level of chunk and part records; a record is stored raw when zstd saves under 3%, or when it holds 64 bytes or fewer. */
export const RECORD_ZSTD_LEVEL = 3;
const SMALL_RECORD = 64;
/** Records made ahead of the one the builder takes: at most this many, and this many raw bytes. */
const AHEAD_RECORDS = 512;
const AHEAD_BYTES = 32 << 20;
const lead32 = (hex) => Number.parseInt(hex.slice(0, 8), 16);
/** Whether a part holding `encoded` bytes is closed after a segment of the file with this digest. */
export function isPartCut(fileDigest, encoded) {
    if (encoded >= PART_MAX)
        return true;
    return encoded >= PART_MIN && lead32(fileDigest) % PART_CUT_ONE_IN === 0;
}
/** The raw records of layer `diffId` in pack order; `into` gathers its parts and chunk counts as they go. */
async function* rawRecords(store, diffId, into) {
    const seen = new Set();
    const first = (kind, digest) => {
        const key = `${kind}:${digest}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    };
    const recipe = await store.getLayerRecipe(diffId);
    let segments = [];
    let encoded = 0;
    async function* cut() {
        const part = encodeLayerPart(segments);
        into.parts.push({ digest: part.digest, tarLength: part.tarLength });
        const files = segments.flatMap((s) => (s.kind === 'file' ? [s.digest] : []));
        segments = [];
        encoded = 0;
        if (first(9 /* ObjectKind.LayerPart */, part.digest))
            yield { kind: 9 /* ObjectKind.LayerPart */, digest: part.digest, bytes: part.bytes, compress: true };
        for (const file of files) {
            if (!first(2 /* ObjectKind.FileRecipe */, file))
                continue;
            if (await store.fileDeltas.isDelta(file)) {
                yield* deltaStoredFile(file);
                continue;
            }
            const fileRecipe = await store.getFileRecipe(file);
            yield { kind: 2 /* ObjectKind.FileRecipe */, digest: file, bytes: encodeFileRecipe(fileRecipe), compress: false };
            const wanted = fileRecipe.chunks.filter((c) => first(1 /* ObjectKind.Chunk */, c.digest));
            for (let i = 0; i < wanted.length; i += 16) {
                const batch = wanted.slice(i, i + 16);
                const data = await store.readChunks(batch.map((c) => c.digest));
                for (const [j, c] of batch.entries()) {
                    into.chunks++;
                    into.chunkBytes += c.length;
                    yield { kind: 1 /* ObjectKind.Chunk */, digest: c.digest, bytes: data[j], compress: true };
                }
            }
        }
    }
    /**
     * A file the store keeps as a delta goes out as ingest cut it: its recipe as stored, and its
     * chunks cut from the rebuilt file (gc has reclaimed them from the store), so that a puller
     * dedups it chunk by chunk like any other file.
     */
    async function* deltaStoredFile(file) {
        const stored = await store.fileDeltas.storedRecipe(file);
        yield { kind: 2 /* ObjectKind.FileRecipe */, digest: file, bytes: encodeFileRecipe(stored), compress: false };
        const content = await store.fileDeltas.content(file);
        if (stored.chunks.reduce((n, c) => n + c.length, 0) !== content.length) {
            throw new CorruptDataError(`file sha256:${file}: its stored recipe does not add up to the file`, { digest: `sha256:${file}` });
        }
        let at = 0;
        for (const c of stored.chunks) {
            const bytes = content.subarray(at, at + c.length);
            at += c.length;
            if (!first(1 /* ObjectKind.Chunk */, c.digest))
                continue;
            into.chunks++;
            into.chunkBytes += c.length;
            yield { kind: 1 /* ObjectKind.Chunk */, digest: c.digest, bytes, compress: true };
        }
    }
    for await (const segment of recipe.segments) {
        segments.push(segment);
        encoded += segment.kind === 'framing' ? segment.bytes.length + 9 : 42;
        if (segment.kind === 'file' ? isPartCut(segment.digest, encoded) : encoded >= PART_MAX)
            yield* cut();
    }
    if (segments.length > 0)
        yield* cut();
}
function store(record, pool) {
    const { kind, digest } = record;
    const rawLength = record.bytes.length;
    if (!record.compress || rawLength <= SMALL_RECORD)
        return { kind, digest, rawLength, codec: 0 /* ObjectCodec.Raw */, stored: record.bytes };
    // The pool takes the buffer over (transferred to a worker): hand it a copy of its own.
    return pool.compress(new Uint8Array(record.bytes)).then((c) => ({ kind, digest, rawLength, codec: c.zstd ? 1 /* ObjectCodec.Zstd */ : 0 /* ObjectCodec.Raw */, stored: c.bytes }));
}
/**
 * The records of layer `diffId` in pack order, each in its stored form (see the module
 * comment); `into` is complete once the generator is done.
 */
export async function* layerRecords(store_, diffId, pool, into) {
    const source = rawRecords(store_, diffId, into);
    const ahead = [];
    let aheadBytes = 0;
    let done = false;
    try {
        for (;;) {
            while (!done && ahead.length < AHEAD_RECORDS && aheadBytes < AHEAD_BYTES) {
                const next = await source.next();
                if (next.done) {
                    done = true;
                    break;
                }
                const record = store(next.value, pool);
                // A rejection is handled where the record is awaited; mark it handled meanwhile.
                if (record instanceof Promise)
                    record.catch(() => undefined);
                ahead.push({ bytes: next.value.bytes.length, record });
                aheadBytes += next.value.bytes.length;
            }
            const head = ahead.shift();
            if (!head)
                return;
            aheadBytes -= head.bytes;
            yield await head.record;
        }
    }
    finally {
        await source.return(undefined);
    }
}
/** A pool for record compression (close it when done). */
export function recordCompressor() {
    return new CompressPool(RECORD_ZSTD_LEVEL);
}
//# sourceMappingURL=records.js.map