/**
 * OCI formats, read and written. Reading (without a store): OCI image layouts, OCI archives and
 * docker-archives, each image with its names, manifest, config and streamable layers; which
 * kind a file is, by content; layer compression told by content. Writing: an image from the
 * store as an OCI image layout. Ingest drives the readers; the store is needed only to write.
 */
export { exportOciLayout, newImageManifest, writeLayerFile, type ExportOciOptions, type ExportedLayer, type LayerCompression } from './layout-writer.js';
export { ociLayoutImages, type LayoutReadOptions } from './layout-reader.js';
export { detectArchiveKind, imageArchiveImages, type InputKind } from './archive.js';
export { decompressed, type Compression } from './decompress.js';
export type { Descriptor, WrittenDescriptor, ImageConfig, LayerBlob, LayerTap, OciImage, OciImageKind, OciLayer } from './types.js';
