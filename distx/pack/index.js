/** The pack file format: writer (append, seal, read-back check) and reader (bounds-checked parsing). Knows nothing of LevelDB. */
export * from './format.js';
export { PackWriter, syncDirectory } from './writer.js';
export { parsePack, parsePackStructure, readRecordPayload, recordPayloadIn, checkLocationBounds, openPackFile } from './reader.js';
export { scanPack } from './scan.js';
//# sourceMappingURL=index.js.map