/**
 * cairn's public entry: everything an embedder uses is exported from here, and the command
 * line imports nothing else.
 */
export * from './errors.js';
export { sha256Digest, parseDigest, isDigest, DIGEST_PREFIX } from './digest.js';
export { createChunker, cutBuffer, readChunks, resolveChunkerParams, chunkerIdentity, formatChunkerIdentity, sameChunkerIdentity, DEFAULT_CHUNKER_PARAMS, CHUNKING_MODES, gearTable, } from './chunker/index.js';
export { openStore, repairStore, Store, defaultStoreDir, MAX_DELTA_DEPTH, } from './store/index.js';
export { MEDIA_TYPES } from './recipe/index.js';
export { storeVersionDeltas, deltasAfterIngest, repositoryOf, } from './versions/index.js';
export { ingest } from './ingest/index.js';
export { rebuildLayer, splitTar, readEntries } from './tar/index.js';
export { writeLayerFile } from './oci/index.js';
export { layerBlobFor, imageBlobsFor } from './reblob/index.js';
export { parseReference, parseImageName, normalizeReference, familiarReference, splitDomain, matchingNames, nameFromPath, } from './reference.js';
import { rebuildLayer as rebuild } from './tar/index.js';
import { exportOciLayout as writeOciLayout } from './oci/index.js';
/**
 * A stored layer's tar (by DiffID or a unique prefix of one), rebuilt and verified against its
 * DiffID as it streams: a layer that does not match ends in a CorruptDataError before the
 * iteration finishes, naming the damaged chunk and its pack when that is the cause. Chunks are
 * read unchecked by default (the DiffID covers them), so a damaged chunk's bytes may come out
 * before that error; `checkChunks: true` checks every chunk before a byte of it comes out, for
 * a consumer that passes bytes on as they come (see rebuildLayer's RebuildOptions).
 */
export async function* readLayer(store, diffId, options = {}) {
    const id = await store.resolveLayer(diffId);
    yield* rebuild(await store.getLayerRecipe(id), id, store, { checkChunks: options.checkChunks ?? false });
}
/** Writes an image (a name, a manifest digest or a unique prefix: see Store.resolveImage) as an OCI image layout in `dir`. */
export async function exportOciLayout(store, image, dir, ...rest) {
    return writeOciLayout(store, await store.resolveImage(image), dir, ...rest);
}
export { exportRootfs, exportRootfsTar } from './rootfs/index.js';
export { analyze, reportStore, renderTable, renderHtml, parseUpgrade, compareTags, } from './report/index.js';
export { formatBytes } from './report/index.js';
export { writeBundle, applyBundle, makeInventory, parseInventory, INVENTORY_FORMAT, BUNDLE_ARTIFACT_TYPE } from './bundle/index.js';
export { relayer, RELAYER_LABEL, DEFAULT_MAX_LAYERS as RELAYER_DEFAULT_MAX_LAYERS, MAX_LAYERS as RELAYER_MAX_LAYERS, } from './relayer/index.js';
export { RegistryClient, parseRegistryReference, formatRegistryReference, pushImage, pullImage, parsePlatform, hostPlatform, RegistryUnreachableError, RegistryDeniedError, RegistryTlsError, RegistryResponseError, } from './registry/index.js';
//# sourceMappingURL=index.js.map