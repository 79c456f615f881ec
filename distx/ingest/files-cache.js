/**
 * The files cache: lets a second ingest of an unchanged directory or lone layer tar skip
 * reading it, as borg's files cache does. A layer's DiffID is the sha256 of its whole tar, so
 * it is known without reading only when every file is unchanged: the cache therefore keeps,
 * per input (its real path), a fingerprint of the tree as last ingested — every tar header
 * cairn made from it, and each regular file's (size, mtime ns, ctime ns, inode, device) — and
 * the DiffID that ingest produced. A later ingest whose fingerprint is equal, and whose layer
 * recipe the store still holds, uses that DiffID without reading a byte of file data.
 *
 * Safety (the racy-git problem): a file written within the file system's timestamp granularity
 * of the moment its stat was taken could change again without its times changing, so a
 * fingerprint in which any file's mtime or ctime is within RACY_WINDOW_NS of the walk's start
 * is never recorded (the next ingest reads everything, and records then). A write after the
 * stat moves ctime past the recorded value, so the fingerprint no longer matches.
 *
 * Kept as one small JSON file per input under STORE/files-cache/, written to a temporary name
 * and renamed: losing or damaging it costs only speed (an unreadable or foreign record is
 * ignored), and a crash while it is written leaves the old record or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storeLayout } from '../store/layout.js';
/** Wider than any common file system's timestamp granularity (FAT's 2 s included). */
export const RACY_WINDOW_NS = 2000000000n;
const VERSION = 1;
/** Builds a fingerprint: headers and file stats are added in tar order. */
export class FingerprintBuilder {
    input;
    #hash = createHash('sha256');
    #startedNs;
    #racy = false;
    /** `startedNs`: wall-clock time taken before the first stat. */
    constructor(input, startedNs = nowNs()) {
        this.input = input;
        this.#startedNs = startedNs;
        this.#hash.update(`cairn-files-cache ${VERSION}\0${input}\0`);
    }
    header(bytes) {
        this.#hash.update(`h${bytes.length}\0`).update(bytes);
    }
    file(stats) {
        this.#hash.update(`f${stats.size},${stats.mtimeNs},${stats.ctimeNs},${stats.ino},${stats.dev}\0`);
        const latest = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
        if (latest >= this.#startedNs - RACY_WINDOW_NS)
            this.#racy = true;
    }
    finish() {
        return { input: this.input, digest: this.#hash.digest('hex'), racy: this.#racy };
    }
}
/** A lone layer tar's fingerprint: its stat tuple (a changed file never matches; see the top). */
export async function fileFingerprint(path) {
    const started = nowNs();
    const real = await realpath(path);
    const builder = new FingerprintBuilder(real, started);
    builder.file(await stat(real, { bigint: true }));
    return builder.finish();
}
export function nowNs() {
    return BigInt(Date.now()) * 1000000n;
}
function recordPath(storeDir, input) {
    return join(storeLayout(storeDir).filesCache, `${createHash('sha256').update(input).digest('hex')}.json`);
}
/** The DiffID recorded for an input with this very fingerprint, if any (never for a racy one). */
export async function cachedDiffId(storeDir, fingerprint) {
    if (fingerprint.racy)
        return undefined;
    let record;
    try {
        record = JSON.parse(await readFile(recordPath(storeDir, fingerprint.input), 'utf8'));
    }
    catch {
        return undefined; // none yet, or damaged: a cache miss
    }
    const r = record;
    if (r.version !== VERSION || r.input !== fingerprint.input || r.digest !== fingerprint.digest)
        return undefined;
    return typeof r.diffId === 'string' && /^sha256:[0-9a-f]{64}$/.test(r.diffId) ? r.diffId : undefined;
}
/**
 * Records the DiffID an input gave, once the ingest that read it has committed. Racy
 * fingerprints are not recorded; failures are ignored (the cache only saves time).
 */
export async function rememberDiffId(storeDir, fingerprint, diffId) {
    if (fingerprint.racy)
        return;
    const path = recordPath(storeDir, fingerprint.input);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
        await mkdir(storeLayout(storeDir).filesCache, { recursive: true });
        await writeFile(temporary, JSON.stringify({ version: VERSION, input: fingerprint.input, digest: fingerprint.digest, diffId }));
        await rename(temporary, path);
    }
    catch {
        await rm(temporary, { force: true }).catch(() => undefined);
    }
}
/**
 * The layer an input gave last time, if its fingerprint is unchanged and the store still holds
 * that layer's recipe (else undefined: the input is read).
 */
export async function knownLayer(store, fingerprint) {
    const diffId = await cachedDiffId(store.dir, fingerprint);
    if (diffId === undefined || !(await store.hasLayer(diffId)))
        return undefined;
    return { diffId, tarBytes: (await store.getLayerRecipe(diffId)).tarLength };
}
//# sourceMappingURL=files-cache.js.map