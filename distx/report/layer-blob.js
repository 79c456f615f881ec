import { MEDIA_TYPES } from '../recipe/index.js';
const COMPRESSED_LAYER_TYPES = new Set([
    MEDIA_TYPES.layerGzip,
    MEDIA_TYPES.layerZstd,
    MEDIA_TYPES.dockerLayerGzip,
    'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);
/** The size of the blob a registry serves for a layer, when that blob is compressed and its size known. */
export function originalBytes(blob) {
    return blob && blob.size > 0 && COMPRESSED_LAYER_TYPES.has(blob.mediaType) ? blob.size : null;
}
/**
 * One blob for a layer met under several (an OCI layout's gzip blob, a docker-archive's plain
 * tar): the smallest compressed one, whatever the order the inputs came in.
 */
export function preferredBlob(a, b) {
    const x = originalBytes(a);
    const y = originalBytes(b);
    if (y === null)
        return x === null ? (a ?? b) : a;
    if (x === null || y < x || (y === x && b.digest < a.digest))
        return b;
    return a;
}
//# sourceMappingURL=layer-blob.js.map