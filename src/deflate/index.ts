/**
 * Byte-exact re-deflate: find which deflate implementation and settings reproduce a raw
 * deflate stream, a gzip file or a zlib stream, and rebuild it from its content plus a small
 * descriptor. Format of the descriptors: docs/deflate.md.
 */
export { type DeflateImpl, type DeflateParams, type ZlibParams, type GoParams, type StreamParams, type SearchHints, DEFLATE_IMPLS, checkParams, candidates } from './params.js';
export { deflateWith as redeflate, nodeZlibMatches, deflateStream } from './engines.js';
export { probeDeflateHead, type HeadProbeOptions } from './head-probe.js';
export { findDeflateParams, type FindOptions } from './find.js';
export { inflateRawBounded, type Inflated } from './inflate.js';
export { crc32, crc32Update, adler32 } from './checksums.js';
export { type Described, type DescribeOptions } from './described.js';
export { describeGzip, rebuildGzip, headerLength as gzipHeaderLength, levelHint as gzipLevelHint, type GzipDescriptor, type GzipMember } from './gzip.js';
export { describeZlib, rebuildZlib, type ZlibDescriptor } from './zlib-stream.js';
export { type StoredParams } from './stored.js';
