/**
 * A re-layered image's config, manifest and record. The config is the original's (its
 * environment, entrypoint, labels and every other field) with `rootfs.diff_ids` and `history`
 * describing the new layers, and one label of cairn's own, `io.cairn.relayer`, that records
 * each layer's role so that `--prior` can continue the layering (docs/relayer.md). The
 * manifest is a new OCI manifest listing the layers uncompressed (digest = DiffID), as for
 * any image cairn makes itself; `export oci` and `push` compress them.
 */
import { BadInputError } from '../errors.js';
import { sha256Digest } from '../digest.js';
import { MEDIA_TYPES } from '../recipe/index.js';
/** The config label holding the layering (JSON: see RelayerLabel). */
export const RELAYER_LABEL = 'io.cairn.relayer';
/** Reads the relayer label of an image, or throws BadInputError naming the image. */
export async function readRelayerLabel(store, record, what) {
    const config = JSON.parse((await store.getBlob(record.config)).toString('utf8'));
    const labels = (config['config']?.['Labels'] ?? {});
    const text = labels[RELAYER_LABEL];
    if (text === undefined)
        throw new BadInputError(`--prior ${what}: not an image written by cairn relayer (no ${RELAYER_LABEL} label)`);
    const label = JSON.parse(text);
    if (label.version !== 1 || !Array.isArray(label.layers) || label.layers.length !== record.layers.length) {
        throw new BadInputError(`--prior ${what}: its ${RELAYER_LABEL} label does not describe its ${record.layers.length} layers`);
    }
    return label;
}
/** Stores the re-layered image of `original` with `layers` (uncommitted); returns its record. */
export async function storeRelayeredImage(store, original, layers) {
    const config = JSON.parse((await store.getBlob(original.config)).toString('utf8'));
    const runtime = { ...(config['config'] ?? {}) };
    const label = { version: 1, source: original.manifest, layers: layers.map((l) => l.role) };
    runtime['Labels'] = { ...(runtime['Labels'] ?? {}), [RELAYER_LABEL]: JSON.stringify(label) };
    const created = typeof config['created'] === 'string' ? { created: config['created'] } : {};
    const newConfig = {
        ...config,
        config: runtime,
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
        history: layers.map((l) => ({ ...created, created_by: `cairn relayer: ${l.description}` })),
    };
    const configBytes = Buffer.from(JSON.stringify(newConfig));
    const manifestBytes = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.manifest,
        config: { mediaType: MEDIA_TYPES.config, digest: sha256Digest(configBytes), size: configBytes.length },
        layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.layerTar, digest: l.diffId, size: l.tarBytes })),
    }));
    const configDigest = await store.putBlob(configBytes);
    const manifestDigest = await store.putBlob(manifestBytes);
    const record = {
        version: 1,
        manifest: manifestDigest,
        manifestMediaType: MEDIA_TYPES.manifest,
        config: configDigest,
        layers: layers.map((l) => ({ diffId: l.diffId, tarBytes: l.tarBytes, mediaType: MEDIA_TYPES.layerTar, digest: l.diffId, size: l.tarBytes })),
        source: 'relayer',
        ...(original.platform ? { platform: original.platform } : {}),
    };
    await store.putImage(record);
    return record;
}
//# sourceMappingURL=image-writer.js.map