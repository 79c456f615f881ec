/**
 * Storing the files of a pull by chunks (docs/registry.md, step 6): the chunks the store lacks
 * are fetched window by window (about `windowBytes` of chunks each; the next window is fetched
 * while the current one is stored), each chunk checked against its digest as it arrives, and
 * each window committed, so an interrupted pull resumes after the last committed window.
 *
 * When the sender's chunker is the store's ("direct"), the sender's file recipes are the ones
 * the store would make: the chunk records go into the store as they came (nothing compressed
 * again), each file's content is hashed from its chunks in order and checked against its
 * digest and size, and only then is its recipe stored. A file larger than a window spans
 * windows (its hash carries over), so memory stays bounded by two windows. Otherwise each
 * file's content is handed to the store to chunk its own way (a file is then never split).
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../../errors.js';
import { objectKey } from './format.js';
import { fetchRecords } from './objects.js';
/** Chunks to fetch per window, by default. */
export const WINDOW_BYTES = 32 << 20;
/** Digests looked up in the store at once. */
const LOOKUP_BATCH = 4096;
/** Per digest, whether the store holds that chunk (one batched lookup per LOOKUP_BATCH digests). */
async function heldChunks(store, digests) {
    const held = new Set();
    for (let i = 0; i < digests.length; i += LOOKUP_BATCH) {
        const slice = digests.slice(i, i + LOOKUP_BATCH);
        const found = await store.holdsMany('chunk', slice);
        slice.forEach((d, j) => { if (found[j])
            held.add(d); });
    }
    return held;
}
/** Cuts the files into windows of about `limit` bytes of chunks to fetch (a chunk is fetched once, where it first occurs). */
function plan(files, held, entry, limit, split) {
    const windows = [];
    const taken = new Set();
    let current = { steps: [], fetch: [] };
    let bytes = 0;
    let chunks = 0;
    let total = 0;
    const close = () => {
        if (current.steps.length > 0)
            windows.push(current);
        current = { steps: [], fetch: [] };
        bytes = 0;
    };
    files.forEach((file, index) => {
        const list = file.recipe.chunks;
        let from = 0;
        for (let i = 0; i < list.length; i++) {
            const c = list[i];
            if (held.has(c.digest) || taken.has(c.digest))
                continue;
            taken.add(c.digest);
            current.fetch.push(entry(c.digest));
            bytes += c.length;
            total += c.length;
            chunks++;
            if (split && bytes >= limit && i + 1 < list.length) {
                current.steps.push({ file: index, from, to: i + 1, last: false });
                from = i + 1;
                close();
            }
        }
        current.steps.push({ file: index, from, to: list.length, last: true });
        if (bytes >= limit)
            close();
    });
    close();
    return { windows, chunks, bytes: total };
}
/** Stores `files` (which the store lacks), fetching the chunks it lacks; see the module comment. */
export async function storeFiles(store, files, options) {
    const all = [...new Set(files.flatMap((f) => f.recipe.chunks.map((c) => c.digest)))];
    const held = await heldChunks(store, all);
    const { windows, chunks, bytes } = plan(files, held, options.entry, options.windowBytes ?? WINDOW_BYTES, options.direct);
    const report = { files: 0, chunks, chunkBytes: bytes };
    const hashes = new Map();
    const fetchWindow = (w) => {
        if (!w)
            return undefined;
        const fetching = fetchRecords(options.fetcher, w.fetch, options.packSizes);
        fetching.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
        return fetching;
    };
    let next = fetchWindow(windows[0]);
    for (let k = 0; k < windows.length; k++) {
        const window = windows[k];
        const records = await next;
        next = fetchWindow(windows[k + 1]);
        const bytesOf = async (digest) => records.get(objectKey(1 /* ObjectKind.Chunk */, digest))?.raw ?? store.readChunk(digest);
        if (options.direct) {
            await store.putStoredChunksUncommitted(window.fetch.map((e) => {
                const r = records.get(objectKey(1 /* ObjectKind.Chunk */, e.digest));
                return { hex: e.digest, length: r.raw.length, zstd: r.zstd, payload: r.payload };
            }));
            for (const step of window.steps) {
                const file = files[step.file];
                const list = file.recipe.chunks;
                if (step.from === 0 && step.last && list.length === 1 && list[0].digest === file.hex && list[0].length === file.recipe.size) {
                    // A file of one chunk is that chunk, whose bytes were checked against this digest.
                    const raw = records.get(objectKey(1 /* ObjectKind.Chunk */, file.hex))?.raw;
                    if (raw?.length === file.recipe.size) {
                        await store.putFileRecipeUncommitted(file.hex, file.recipe);
                        report.files++;
                        continue;
                    }
                }
                const state = hashes.get(step.file) ?? { hash: createHash('sha256'), size: 0 };
                hashes.set(step.file, state);
                for (const c of list.slice(step.from, step.to)) {
                    const raw = await bytesOf(c.digest);
                    if (raw.length !== c.length)
                        throw new CorruptDataError(`registry: file sha256:${file.hex} lists chunk sha256:${c.digest} as ${c.length} bytes, it has ${raw.length}`, { digest: `sha256:${file.hex}` });
                    state.hash.update(raw);
                    state.size += raw.length;
                }
                if (!step.last)
                    continue;
                hashes.delete(step.file);
                checkFile(file, `sha256:${state.hash.digest('hex')}`, state.size);
                await store.putFileRecipeUncommitted(file.hex, file.recipe);
                report.files++;
            }
        }
        else {
            for (const step of window.steps) {
                const file = files[step.file];
                const content = async function* () {
                    for (const c of file.recipe.chunks)
                        yield await bytesOf(c.digest);
                };
                const stored = await store.putFileUncommitted(content());
                checkFile(file, stored.digest, stored.size);
                report.files++;
            }
        }
        await store.commit();
    }
    return report;
}
function checkFile(file, digest, size) {
    if (digest !== `sha256:${file.hex}` || size !== file.recipe.size) {
        throw new CorruptDataError(`registry: file sha256:${file.hex} rebuilt from its chunks does not match its digest`, { digest: `sha256:${file.hex}` });
    }
}
//# sourceMappingURL=files.js.map