/**
 * OCI formats, read and written. Reading (without a store): OCI image layouts, OCI archives and
 * docker-archives, each image with its names, manifest, config and streamable layers; which
 * kind a file is, by content; layer compression told by content. Writing: an image from the
 * store as an OCI image layout. Ingest drives the readers; the store is needed only to write.
 */
export { exportOciLayout, newImageManifest, writeLayerFile } from './layout-writer.js';
export { ociLayoutImages } from './layout-reader.js';
export { detectArchiveKind, imageArchiveImages } from './archive.js';
export { decompressed } from './decompress.js';
//# sourceMappingURL=index.js.map