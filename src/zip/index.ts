/** Zip and jar archives as a verbatim skeleton plus their entries' (inflated) data. */
export { readZipLayout, type ZipLayout, type ZipEntryLayout } from './layout.js';
export { splitZip, rebuildZip, type ZipSplit, type ZipEntryPart, type ZipEntryData, type SplitOptions } from './split.js';
