/** Zip and jar archives as a verbatim skeleton plus their entries' (inflated) data. */
export { readZipLayout, type ZipLayout, type ZipEntryLayout } from './layout.js';
export { splitZip, rebuildZip, type ZipSplit, type ZipEntryPart, type ZipEntryData, type SplitOptions } from './split.js';
export { encodeZipDelta, decodeZipDelta, ZIP_DELTA_MAGIC, ZIP_DELTA_VERSION, type ZipDeltaResult, type ZipDeltaOptions } from './delta.js';
export { looksLikeZip, baseStream as zipEntryStream, streamLimit as zipStreamLimit } from './stream.js';
