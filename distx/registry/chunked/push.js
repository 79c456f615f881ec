/**
 * Pushing an image's chunk artifact beside it: per layer, the packs the repository lacks and
 * the layer's chunk index, then the artifact manifest (tagged `sha256-<hex>.cairn-chunks`, so
 * that garbage collection with untagged manifests deleted keeps it), and its entry in the
 * referrers tag fallback. A layer whose index this store built before (index-cache.ts) is not
 * built again when the repository has that index (its packs went up before it), or has or can
 * mount each of its packs; otherwise the layer's packs are built (records compressed on worker
 * threads) and uploaded as they are sealed, a few at once, each one HEADed first and mounted
 * where the store knows another repository of the registry holding it.
 */
import { createHash } from 'node:crypto';
import { formatChunkerIdentity } from '../../chunker/index.js';
import { buildLayerIndex, chunkArtifactManifest } from './build.js';
import { CHUNKS_ARTIFACT_TYPE, EMPTY_JSON, OCI_MANIFEST, chunksTag } from './format.js';
import { cacheLayerIndex, cachedLayerIndex } from './index-cache.js';
import { recordCompressor } from './records.js';
import { addReferrer } from './referrers.js';
const sha = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
/** Whether the repository has blob `digest` (HEAD), or got it by a mount; undefined when neither. */
async function settle(remote, digest, traffic) {
    traffic.asked();
    if (await remote.hasBlob(digest))
        return 'present';
    if (!remote.mountKnown)
        return undefined;
    traffic.asked();
    return (await remote.mountKnown(digest)) ? 'mounted' : undefined;
}
/** Uploads a blob unless the repository has it (or mounts it); returns the bytes sent. */
export async function pushBlobOnce(remote, bytes, kind, traffic, digest = sha(bytes)) {
    if ((await settle(remote, digest, traffic)) !== undefined)
        return 0;
    await remote.putBlob(digest, bytes);
    traffic.put(kind, bytes.length);
    return bytes.length;
}
/** Work started up to `limit` at a time; `add` waits for a free place, `drain` for all (the first failure is thrown there, or by the next `add`). */
class InFlight {
    limit;
    #running = new Set();
    #failure;
    constructor(limit) {
        this.limit = limit;
    }
    async add(work) {
        while (this.#running.size >= this.limit)
            await Promise.race(this.#running);
        if (this.#failure)
            throw this.#failure.error;
        const running = work()
            .catch((error) => { this.#failure ??= { error }; })
            .finally(() => this.#running.delete(running));
        this.#running.add(running);
    }
    async drain() {
        await Promise.all(this.#running);
        if (this.#failure)
            throw this.#failure.error;
    }
}
/** Pushes a manifest under `tag` and records it as a referrer of its subject (unless the registry does so itself). */
export async function pushReferrer(remote, tag, manifest, descriptor, subject, traffic, supersedes) {
    const answer = await remote.putManifest(tag, manifest, OCI_MANIFEST);
    traffic.put('manifests', manifest.length);
    if (answer.headers['oci-subject'] === subject)
        return;
    await addReferrer(remote, subject, descriptor, traffic, supersedes);
}
/**
 * Pushes the chunk artifact of a stored image (its manifest digest) to the repository of
 * `remote`. `subject` is the image manifest as the registry holds it (awaited only once the
 * packs and indexes are up, so that they can go up while the image itself is pushed).
 */
export async function pushChunkArtifact(store, remote, manifestDigest, traffic, subject, options = {}) {
    const image = await store.getImage(manifestDigest);
    const chunker = formatChunkerIdentity(store.chunkerIdentity);
    const report = { packsUploaded: 0, packsMounted: 0, bytesUploaded: 0, layersReused: 0 };
    const uploads = new InFlight(Math.max(1, options.parallel ?? 3));
    const sendPack = async (pack) => {
        options.signal?.throwIfAborted();
        const how = await settle(remote, pack.digest, traffic);
        if (how === 'mounted')
            report.packsMounted++;
        if (how !== undefined)
            return;
        await remote.putBlob(pack.digest, pack.bytes);
        traffic.put('chunks', pack.bytes.length);
        report.packsUploaded++;
        report.bytesUploaded += pack.bytes.length;
    };
    /** Whether the repository holds every pack of a cached index (HEAD, else a mount). */
    const holdsPacks = async (index) => {
        const indexHow = await settle(remote, index.descriptor.digest, traffic);
        if (indexHow === 'present')
            return true; // its packs went up before it
        for (const pack of index.packs) {
            const how = await settle(remote, pack.digest, traffic);
            if (how === undefined)
                return false;
            if (how === 'mounted')
                report.packsMounted++;
        }
        if (indexHow === undefined)
            report.bytesUploaded += await pushBlobOnce(remote, index.bytes, 'metadata', traffic, index.descriptor.digest);
        return true;
    };
    let pool;
    const built = new Map();
    const indexes = [];
    try {
        for (const layer of image.layers) {
            options.signal?.throwIfAborted();
            let index = built.get(layer.diffId);
            if (!index) {
                const cached = await cachedLayerIndex(store.dir, layer.diffId, chunker);
                if (cached && (await holdsPacks(cached))) {
                    index = cached;
                    report.layersReused++;
                }
                else {
                    pool ??= recordCompressor();
                    index = await buildLayerIndex(store, layer.diffId, chunker, pool, (pack) => uploads.add(() => sendPack(pack)));
                    await uploads.drain(); // the index goes up after its packs
                    report.bytesUploaded += await pushBlobOnce(remote, index.bytes, 'metadata', traffic, index.descriptor.digest);
                    await cacheLayerIndex(store.dir, index, chunker);
                }
                built.set(layer.diffId, index);
            }
            indexes.push(index);
        }
    }
    finally {
        await uploads.drain().catch(() => undefined);
        await pool?.close();
    }
    report.bytesUploaded += await pushBlobOnce(remote, EMPTY_JSON, 'metadata', traffic);
    const manifestBytes = await store.getBlob(image.manifest);
    const subjectDescriptor = (await subject) ?? { mediaType: image.manifestMediaType, digest: image.manifest, size: manifestBytes.length };
    const artifact = chunkArtifactManifest(indexes, subjectDescriptor, chunker);
    const descriptor = { mediaType: OCI_MANIFEST, digest: artifact.digest, size: artifact.bytes.length, artifactType: CHUNKS_ARTIFACT_TYPE };
    await pushReferrer(remote, chunksTag(subjectDescriptor.digest), artifact.bytes, descriptor, subjectDescriptor.digest, traffic, (d) => d.artifactType === CHUNKS_ARTIFACT_TYPE);
    const packs = new Set(indexes.flatMap((i) => i.packs.map((p) => p.digest)));
    await options.onBlobs?.([sha(EMPTY_JSON), ...indexes.map((i) => i.descriptor.digest), ...packs]);
    const distinct = [...built.values()];
    return {
        artifact: artifact.digest, packs: packs.size, ...report,
        packBytes: distinct.reduce((s, i) => s + i.packBytes, 0),
        chunks: distinct.reduce((s, i) => s + i.chunks, 0),
        chunkBytes: distinct.reduce((s, i) => s + i.chunkBytes, 0),
    };
}
//# sourceMappingURL=push.js.map