/**
 * Byte-exact re-deflate: find which deflate implementation and settings reproduce a raw
 * deflate stream, a gzip file or a zlib stream, and rebuild it from its content plus a small
 * descriptor. Format of the descriptors: docs/deflate.md.
 */
export { DEFLATE_IMPLS, checkParams, candidates } from './params.js';
export { deflateWith as redeflate, nodeZlibMatches, pakoStream } from './engines.js';
export { probeDeflateHead } from './head-probe.js';
export { findDeflateParams } from './find.js';
export { inflateRawBounded } from './inflate.js';
export { crc32, crc32Update, adler32 } from './checksums.js';
export { describeGzip, rebuildGzip, headerLength as gzipHeaderLength, levelHint as gzipLevelHint } from './gzip.js';
export { describeZlib, rebuildZlib } from './zlib-stream.js';
//# sourceMappingURL=index.js.map