/**
 * Ingest's progress, in bytes of input read, against a total known before any layer is read.
 *
 * Each input's share of the total is what will be read of it: a file's size (a layer tar, or
 * an archive: its layers are counted as they are read from it, the rest when it is done); a
 * layout's layer blobs that the store does not hold yet (a layer met twice counts once); a
 * directory's regular files (each inode once), from a walk made first. `done` advances as
 * those bytes are read, never past an input's share, and is topped up to it when the input is
 * done (tar framing, metadata, layers skipped because the store has them), so it ends equal
 * to `total`.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ociLayoutImages } from '../oci/index.js';
import { directoryInputBytes } from './directory.js';
/** What ingest will read of each path, in order. A path that cannot be read counts 0 (reading it fails later, with the usual message). */
export async function inputShares(store, paths) {
    const layers = new Set();
    const shares = [];
    for (const path of paths) {
        const info = await stat(path).catch(() => undefined);
        if (info === undefined)
            shares.push(0);
        else if (info.isFile())
            shares.push(info.size);
        else if (!info.isDirectory())
            shares.push(0);
        else if (await stat(join(path, 'oci-layout')).then(() => true, () => false))
            shares.push(await layoutShare(store, path, layers));
        else
            shares.push(await directoryInputBytes(path));
    }
    return shares;
}
/** The layer blobs of a layout that ingest will read: those the store lacks, each once. */
async function layoutShare(store, dir, seen) {
    let bytes = 0;
    for await (const image of ociLayoutImages(dir)) {
        for (const layer of image.layers) {
            if (seen.has(layer.diffId))
                continue;
            seen.add(layer.diffId);
            if (!(await store.hasLayer(layer.diffId)))
                bytes += layer.blob.size;
        }
    }
    return bytes;
}
/** Counts bytes read into `ingest:bytes` events; see the module comment. */
export class IngestProgress {
    total;
    #emit;
    #done = 0;
    #inputEnd = 0;
    constructor(shares, emit) {
        this.total = shares.reduce((sum, share) => sum + share, 0);
        this.#emit = emit;
    }
    /** The first event: nothing done yet, and the total. */
    start() {
        this.#emit({ type: 'ingest:bytes', bytes: 0, done: 0, total: this.total });
    }
    /** The next input begins; `share` of the total is its. */
    beginInput(share) {
        this.#inputEnd = this.#done + share;
    }
    /** `bytes` more of the current input were read. */
    add(bytes) {
        const step = Math.min(bytes, this.#inputEnd - this.#done);
        if (step <= 0)
            return;
        this.#done += step;
        this.#emit({ type: 'ingest:bytes', bytes: step, done: this.#done, total: this.total });
    }
    /** The current input is done: whatever of its share was not read counts as done. */
    endInput() {
        this.add(this.#inputEnd - this.#done);
    }
}
//# sourceMappingURL=progress.js.map