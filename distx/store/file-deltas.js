/**
 * Files stored as deltas (record kind 11, "file delta"): a file whose content is rebuilt from
 * another stored file (its base) and a delta made by cairn's codec (src/delta). The record is
 * named by the sha256 of the file it rebuilds, like a chunk of the whole file, and holds the
 * codec's container verbatim (it names the base's sha256 and length, the target's, and ends
 * with a CRC-32). The file keeps its file recipe (kind 2: what ingest dedups against), but
 * while a delta record exists the delta is how the file is read: the recipe then stands for
 * one chunk, the whole file, whose digest is the file's and which this module rebuilds.
 *
 * Chains are bounded: a delta's base is at most MAX_DELTA_DEPTH - 1 deltas deep (see
 * docs/store-format.md, "File delta"). Reads rebuild the chain from its full root; rebuilt
 * files are kept in a small cache (DECODED_CACHE_BYTES), so that a layer's export, or the next
 * versions of a file, decode each base once.
 */
import { CairnError, CorruptDataError, NotFoundError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import { RecordKind } from '../pack/index.js';
import { RecordDecompressor } from './compression.js';
import { kindRange } from './keys.js';
/** The delta codec, loaded when first used: it loads zstd, which a store without deltas (a listing) never needs. */
const codec = () => import('../delta/index.js');
/** A file stored as a delta is at most this many deltas from a fully stored file. */
export const MAX_DELTA_DEPTH = 3;
/** Rebuilt files kept for the next reads (a layer's export, the next version of a file). */
const DECODED_CACHE_BYTES = 160 * 1024 * 1024;
/** Chunks of a file read at once. */
const CHUNK_BATCH = 64;
/** Files larger than this are rebuilt each time they are read. */
const DECODED_CACHE_ENTRY = 64 * 1024 * 1024;
export class FileDeltas {
    #ctx;
    #source;
    #any;
    #cache = new Map();
    #decompressor = new RecordDecompressor();
    #cacheBytes = 0;
    constructor(ctx, source) {
        this.#ctx = ctx;
        this.#source = source;
    }
    /** Whether the store holds any file delta (looked up once per open; set when one is written). */
    async any() {
        this.#any ??= (async () => {
            for await (const _ of this.#ctx.db.keys({ ...kindRange(RecordKind.FileDelta), limit: 1 }))
                return true;
            return false;
        })();
        return this.#any;
    }
    /** A delta was written: reads look for deltas from now on. */
    noteWritten() {
        this.#any = Promise.resolve(true);
    }
    /** Every file stored as a delta (64 hex). */
    async deltaFiles() {
        const out = [];
        const prefix = kindRange(RecordKind.FileDelta);
        for await (const key of this.#ctx.db.keys(prefix))
            out.push(key.slice(key.lastIndexOf(':') + 1));
        return out;
    }
    /** Whether the file `hex` is stored as a delta. */
    async isDelta(hex) {
        return (await this.any()) && (await this.#source.locate(RecordKind.FileDelta, hex)) !== undefined;
    }
    /** Reads a delta record and checks its container (CRC-32, target digest); undefined when there is none. */
    async read(hex) {
        await this.#source.flushIfPending(RecordKind.FileDelta, hex);
        const location = await this.#source.locate(RecordKind.FileDelta, hex);
        if (!location)
            return undefined;
        const delta = await this.#ctx.packs.readRecord(location, hex);
        const { inspectDelta } = await codec();
        let info;
        try {
            info = inspectDelta(delta);
        }
        catch (error) {
            throw corrupt(hex, location, error.message);
        }
        if (info.targetSha256 !== DIGEST_PREFIX + hex)
            throw corrupt(hex, location, `it rebuilds ${info.targetSha256}`);
        return { delta, info, base: info.baseSha256.slice(DIGEST_PREFIX.length) };
    }
    /** How many deltas the file is from a fully stored one (0: not a delta). */
    async depth(hex) {
        let depth = 0;
        for (let at = hex;; depth++) {
            if (depth > MAX_DELTA_DEPTH)
                throw new CorruptDataError(`file sha256:${hex} is more than ${MAX_DELTA_DEPTH} deltas deep`, { digest: DIGEST_PREFIX + hex });
            const stored = await this.read(at);
            if (!stored)
                return depth;
            at = stored.base;
        }
    }
    /** The file's recipe as readers see it: a delta-stored file is one chunk, itself. */
    async recipeView(hex) {
        if (!(await this.any()))
            return undefined;
        const location = await this.#source.locate(RecordKind.FileDelta, hex);
        if (!location)
            return undefined;
        const stored = await this.read(hex);
        return { size: stored.info.targetLength, chunks: stored.info.targetLength > 0 ? [{ digest: hex, length: stored.info.targetLength }] : [] };
    }
    /** A whole file's content (rebuilt from its delta chain, or read from its chunks), checked against its digest. */
    async content(hex, depth = 0) {
        const cached = this.#cache.get(hex);
        if (cached) {
            this.#cache.delete(hex); // most recently used last
            this.#cache.set(hex, cached);
            return cached;
        }
        if (depth > MAX_DELTA_DEPTH)
            throw new CorruptDataError(`file sha256:${hex}: its delta chain is longer than ${MAX_DELTA_DEPTH}`, { digest: DIGEST_PREFIX + hex });
        const stored = await this.read(hex);
        let bytes;
        if (stored) {
            const base = await this.content(stored.base, depth + 1);
            const { decodeDelta } = await codec();
            try {
                // content() checked the base against its digest, which is the delta's base digest (read() derives one from the other).
                const out = decodeDelta(base, stored.delta, { maxTargetLength: stored.info.targetLength, baseChecked: true });
                bytes = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
            }
            catch (error) {
                throw new CorruptDataError(`file delta sha256:${hex} does not rebuild its file: ${error.message}`, { digest: DIGEST_PREFIX + hex, cause: error });
            }
        }
        else {
            bytes = await this.#fromChunks(hex);
        }
        this.#remember(hex, bytes);
        return bytes;
    }
    /**
     * A file stored as chunks, read whole: each chunk decompressed straight into its place in one
     * buffer (no buffer per chunk, no copy to join them; fresh memory is dear, src/scratch.ts),
     * the next chunks read while these decompress, unchecked under the file's digest. A mismatch,
     * or a chunk that does not decompress, reads them again checked, to name a damaged chunk.
     */
    async #fromChunks(hex) {
        const recipe = await this.#source.storedFileRecipe(hex);
        const batches = [];
        for (let i = 0; i < recipe.chunks.length; i += CHUNK_BATCH)
            batches.push(recipe.chunks.slice(i, i + CHUNK_BATCH).map((c) => c.digest));
        const bytes = Buffer.allocUnsafe(recipe.size);
        let fault;
        try {
            let at = 0;
            let next = batches.length > 0 ? this.#source.chunksStored(batches[0]) : undefined;
            for (let b = 0; b < batches.length; b++) {
                const stored = await next;
                next = b + 1 < batches.length ? this.#source.chunksStored(batches[b + 1]) : undefined;
                next?.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
                for (const chunk of stored) {
                    if (chunk.length > recipe.size - at)
                        throw new Error('chunks longer than the file');
                    const place = bytes.subarray(at, at + chunk.length);
                    if (chunk.zstd)
                        this.#decompressor.decompressInto(place, chunk.payload);
                    else if (chunk.payload.length === chunk.length)
                        place.set(chunk.payload);
                    else
                        throw new Error('raw chunk of the wrong length');
                    at += chunk.length;
                }
            }
            if (at !== recipe.size || sha256Hex(bytes) !== hex)
                throw new Error('digest mismatch');
            return bytes;
        }
        catch (error) {
            if (error instanceof CairnError && !(error instanceof CorruptDataError))
                throw error;
            fault = error;
        }
        for (const batch of batches)
            await this.#source.chunks(batch, true);
        throw new CorruptDataError(`file sha256:${hex} does not match its digest`, { digest: DIGEST_PREFIX + hex, cause: fault });
    }
    #remember(hex, bytes) {
        if (bytes.length > DECODED_CACHE_ENTRY)
            return;
        this.#cache.set(hex, bytes);
        this.#cacheBytes += bytes.length;
        for (const [key, value] of this.#cache) {
            if (this.#cacheBytes <= DECODED_CACHE_BYTES)
                break;
            this.#cache.delete(key);
            this.#cacheBytes -= value.length;
        }
    }
    /** Chunks that are not chunk records: the whole files of delta-stored files, rebuilt. */
    async missingChunk(hex) {
        if (!(await this.#source.locate(RecordKind.FileDelta, hex))) {
            throw new NotFoundError(`chunk sha256:${hex} is missing from the store`, { digest: DIGEST_PREFIX + hex });
        }
        return this.content(hex);
    }
}
function corrupt(hex, location, why) {
    return new CorruptDataError(`file delta sha256:${hex} in pack ${location.pack} is corrupt (${why})`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset,
    });
}
/** What the versions pass (src/versions) needs of the store's file deltas: Store.fileDeltas. */
export class FileDeltaAccess {
    #deltas;
    #putMeta;
    #locate;
    #storedRecipe;
    /** @internal made by the Store */
    constructor(deltas, putMeta, source) {
        this.#deltas = deltas;
        this.#putMeta = putMeta;
        this.#locate = source.locate;
        this.#storedRecipe = source.storedFileRecipe;
    }
    /** Stores the file `hex` (64 hex) as `delta` (the codec's container, made against a stored file); uncommitted. */
    async put(hex, delta) {
        const info = (await codec()).inspectDelta(delta);
        if (info.targetSha256 !== DIGEST_PREFIX + hex)
            throw new CorruptDataError(`a delta for sha256:${hex} rebuilds ${info.targetSha256}`);
        await this.#putMeta(hex, delta);
        this.#deltas.noteWritten();
    }
    /** Whether the file is stored as a delta (one index lookup; none in a store that holds no delta). */
    isDelta(hex) {
        return this.#deltas.isDelta(hex);
    }
    /** How many deltas the file is from a fully stored one (0: stored as chunks). */
    depth(hex) {
        return this.#deltas.depth(hex);
    }
    /** Every file stored as a delta (64 hex). */
    list() {
        return this.#deltas.deltaFiles();
    }
    /** The files the file's content is rebuilt from, nearest base first (empty: stored as chunks). */
    async chain(hex) {
        const out = [];
        for (let stored = await this.#deltas.read(hex); stored; stored = await this.#deltas.read(stored.base)) {
            if (out.length >= MAX_DELTA_DEPTH)
                throw new CorruptDataError(`file sha256:${hex} is more than ${MAX_DELTA_DEPTH} deltas deep`, { digest: DIGEST_PREFIX + hex });
            out.push(stored.base);
        }
        return out;
    }
    /** Every file some delta is made against (each delta record is read). */
    async bases() {
        const out = new Set();
        if (!(await this.#deltas.any()))
            return out;
        for (const hex of await this.#deltas.deltaFiles()) {
            const stored = await this.#deltas.read(hex);
            if (stored)
                out.add(stored.base);
        }
        return out;
    }
    /** The file's content, whole (rebuilt when it is a delta; cached for the next versions). */
    content(hex) {
        return this.#deltas.content(hex);
    }
    /** The file's recipe record as ingest stored it (its chunks, whether or not it is a delta now: gc may have reclaimed them). */
    storedRecipe(hex) {
        return this.#storedRecipe(hex);
    }
    /** The chunk digests of the file's recipe record (as stored, whether or not it is a delta now). */
    async chunkDigests(hex) {
        return (await this.#storedRecipe(hex)).chunks.map((c) => c.digest);
    }
    /** Bytes the chunk records take in packs (compressed, with their 44-byte headers); absent chunks count 0. */
    async chunkRecordBytes(hexes) {
        let total = 0;
        for (const hex of hexes) {
            const location = await this.#locate(RecordKind.Chunk, hex);
            if (location)
                total += location.storedLength + 44;
        }
        return total;
    }
}
//# sourceMappingURL=file-deltas.js.map