/**
 * Bytes a node:zlib stream makes per pass on libuv's thread pool. zlib's default is 16 KiB;
 * each pass is a round trip to another thread (tens of µs on the VMs measured), which at
 * 16 KiB cost about a fifth of the ingest of a lone .tar.gz. The bytes a stream makes do not
 * depend on it (every pass is Z_NO_FLUSH until the end).
 */
export const ZLIB_CHUNK = 256 * 1024;
