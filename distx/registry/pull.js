/**
 * `cairn pull`: a reference from a registry into the store. The reference is resolved (an
 * index picks the platform), the config fetched and checked, then each layer the store lacks
 * is obtained: first by the layer providers (the hook where chunkpull's cairn artifacts plug
 * in), then whole: the blob streams from the registry through decompression and the tar
 * splitter into the store (never held whole in memory), its digest checked as it ends and its
 * DiffID before the layer is committed. Each layer is committed on its own, so an interrupted
 * pull keeps every layer it verified and the next one fetches only the rest; a blob cut
 * mid-transfer is asked for again from where it stopped (resumable-blob.ts). Manifest, config
 * and image record, then the name, are written last: no name points at an unchecked image.
 */
import { BadInputError, CorruptDataError } from '../errors.js';
import { storeImage } from '../ingest/image-record.js';
import { storeLayer } from '../ingest/layer-builder.js';
import { tarLayerParts } from '../ingest/layer-parts.js';
import { decompressed } from '../oci/index.js';
import { familiarReference } from '../reference.js';
import { rememberLocations } from './blob-locations.js';
import { RegistryClient } from './client.js';
import { formatPlatform, hostPlatform } from './manifest.js';
import { formatRegistryReference } from './reference.js';
import { resumableBlob } from './resumable-blob.js';
/** The default store name for a reference: its familiar form with the tag; none for digest-only references. */
function defaultName(ref) {
    if (ref.tag === undefined)
        return null;
    return familiarReference(formatRegistryReference({ ...ref, digest: undefined }));
}
/** Pulls `ref` into the store (see the module comment). */
export async function pullImage(store, ref, options = {}) {
    const client = RegistryClient.forReference(ref, options);
    const what = formatRegistryReference(ref);
    try {
        const platform = options.platform ?? hostPlatform();
        const image = await client.resolveImage(ref.repository, ref.reference, { platform });
        const manifest = image.manifest.json;
        const configDigest = manifest.config.digest;
        const configBytes = await client.getBlobBytes(ref.repository, configDigest);
        let config;
        try {
            config = JSON.parse(configBytes.toString('utf8'));
        }
        catch (cause) {
            throw new BadInputError(`${what}: its config ${configDigest} is not JSON`, { cause });
        }
        const diffIds = config.rootfs?.diff_ids ?? [];
        const descriptors = manifest.layers ?? [];
        if (diffIds.length !== descriptors.length) {
            throw new BadInputError(`${what}: the manifest lists ${descriptors.length} layers but the config ${diffIds.length} DiffIDs`);
        }
        const layers = descriptors.map((descriptor, index) => ({ index, diffId: diffIds[index], descriptor }));
        const how = new Map();
        for (const layer of layers)
            if (await store.hasLayer(layer.diffId))
                how.set(layer.diffId, 'already');
        const lacking = () => layers.filter((l) => !how.has(l.diffId));
        for (const provider of options.layerProviders ?? []) {
            if (lacking().length === 0)
                break;
            const obtained = await provider({ store, client, reference: ref, image, config: { digest: configDigest, bytes: configBytes }, missing: lacking() });
            for (const [diffId, result] of obtained) {
                if (!(await store.hasLayer(diffId)))
                    throw new CorruptDataError(`${what}: a layer provider reported ${diffId} but the store does not hold it`, { digest: diffId });
                how.set(diffId, result.how);
            }
        }
        const whole = [...new Map(lacking().map((l) => [l.diffId, l])).values()];
        const total = whole.reduce((sum, l) => sum + (l.descriptor.size ?? 0), 0);
        let done = 0;
        options.onProgress?.({ done, total });
        for (const layer of whole) {
            await fetchLayer(store, client, ref, layer, options, (bytes) => {
                done += bytes;
                options.onProgress?.({ done, total });
            });
            how.set(layer.diffId, 'whole');
        }
        // Every layer is in the store and checked: the image record, then the name.
        const source = {
            kind: 'registry',
            path: what,
            names: [],
            what,
            manifest: { digest: image.manifest.digest, mediaType: image.manifest.mediaType, bytes: image.manifest.bytes },
            config: { digest: configDigest, bytes: configBytes, ...(config.os ? { os: config.os } : {}), ...(config.architecture ? { architecture: config.architecture } : {}), ...(config.variant ? { variant: config.variant } : {}) },
            indexes: image.indexes.map((i) => ({ digest: i.digest, bytes: i.bytes })),
            layers: layers.map((l) => ({
                diffId: l.diffId,
                blob: { digest: l.descriptor.digest, size: l.descriptor.size ?? 0, mediaType: l.descriptor.mediaType ?? '' },
                what: `layer ${l.diffId}`,
                open: () => { throw new Error('pull: layer not stored'); },
                parts: () => { throw new Error('pull: layer not stored'); },
            })),
        };
        const name = options.name ?? defaultName(ref);
        try {
            const { record } = await storeImage(store, source, options.signal);
            if (name !== null)
                await store.setNames([name], record.manifest);
            await store.commit();
        }
        catch (error) {
            await store.abort();
            throw error;
        }
        await rememberLocations(store.dir, ref.registry, ref.repository, [configDigest, ...descriptors.map((d) => d.digest)]);
        return {
            reference: what,
            name,
            manifest: image.manifest.digest,
            config: configDigest,
            platform: formatPlatform({ os: config.os ?? platform.os, architecture: config.architecture ?? platform.architecture, ...(config.variant ? { variant: config.variant } : {}) }),
            layers: layers.map((l) => ({ diffId: l.diffId, digest: l.descriptor.digest, size: l.descriptor.size ?? 0, how: how.get(l.diffId) })),
            traffic: client.stats,
        };
    }
    finally {
        client.close();
    }
}
/**
 * Fetches one layer's blob whole and stores it: digest checked at the blob's end, DiffID
 * checked before the recipe is put; committed alone. On any failure the layer's writes are
 * dropped (store.abort) and the error that caused it is thrown as it was.
 */
async function fetchLayer(store, client, ref, layer, options, onBytes) {
    const { digest } = layer.descriptor;
    const { signal } = options;
    const what = `layer ${digest} of ${formatRegistryReference(ref)}`;
    let sourceError;
    let verified = false;
    // A cut mid-transfer costs only the rest (resumable-blob.ts), in this pull or the next.
    const blob = resumableBlob(client, ref.repository, digest, store.dir, {
        kind: 'layer', ...(layer.descriptor.size !== undefined ? { size: layer.descriptor.size } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}), ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    });
    async function* watched() {
        try {
            for await (const chunk of blob) {
                onBytes(chunk.length);
                yield chunk;
            }
            verified = true;
        }
        catch (error) {
            sourceError = error;
            throw error;
        }
    }
    try {
        const source = watched();
        const { stream } = await decompressed(source, what);
        const { root, stats } = await storeLayer(store, tarLayerParts(stream, { signal, what }), { signal, what });
        // The tar may end before the blob does (padding after the compressed stream): read the rest so its digest is checked.
        for await (const _ of source) { /* drained */ }
        if (!verified)
            throw new CorruptDataError(`${what}: the blob ended before it was verified`, { digest });
        if (stats.diffId !== layer.diffId) {
            throw new CorruptDataError(`${what}: its uncompressed sha256 is ${stats.diffId}, but the config says ${layer.diffId}; refused`, { digest: layer.diffId });
        }
        await store.putLayerRecipe(layer.diffId, root);
        await store.commit();
    }
    catch (error) {
        await store.abort();
        throw sourceError ?? error;
    }
}
//# sourceMappingURL=pull.js.map