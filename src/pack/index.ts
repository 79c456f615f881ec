/** The pack file format: writer (append, seal, read-back check) and reader (bounds-checked parsing). Knows nothing of LevelDB. */
export * from './format.js';
export { PackWriter, syncDirectory, type SealedPack } from './writer.js';
export { parsePack, parsePackStructure, readRecordPayload, recordPayloadIn, checkLocationBounds, openPackFile, type ParsedPack } from './reader.js';
export { scanPack, type PackScan, type ScannedRecord } from './scan.js';
export { DecodedGroup, GroupCache, GROUP_ENTRY_LENGTH, filterGroupMembers, restoreGroupMembers, groupMembers, groupTableLength, writeGroupTable, type GroupMember } from './group.js';
export { x86Decode, x86Encode, x86EncodeIfCode, X86_FILTER_MIN_PER_KIB } from './x86-filter.js';
