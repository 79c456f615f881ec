/** Zip and jar archives as a verbatim skeleton plus their entries' (inflated) data. */
export { readZipLayout } from './layout.js';
export { splitZip, rebuildZip } from './split.js';
export { encodeZipDelta, decodeZipDelta, ZIP_DELTA_MAGIC, ZIP_DELTA_VERSION } from './delta.js';
export { looksLikeZip, baseStream as zipEntryStream, streamLimit as zipStreamLimit } from './stream.js';
//# sourceMappingURL=index.js.map