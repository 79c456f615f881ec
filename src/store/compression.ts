/**
 * Compression of records: zstd (zstd-napi, level 3 by default), or raw when zstd saves less
 * than RAW_THRESHOLD (jars, gzip, media: compressing them again costs time and saves nothing).
 * Chunks are compressed on worker threads (see compress-pool.ts); small metadata inline.
 */
import { Compressor, Decompressor } from 'zstd-napi';

/** Store raw unless zstd output is below this fraction of the input. */
export const RAW_THRESHOLD = 0.97;

export function compressOrNull(compressor: Compressor, data: Uint8Array): Uint8Array | null {
  const out = compressor.compress(data);
  if (out.length >= data.length * RAW_THRESHOLD) return null;
  // A fresh buffer of its own, so that it can be transferred between threads.
  const copy = new Uint8Array(out.length);
  copy.set(out);
  return copy;
}

export function createCompressor(level: number): Compressor {
  const c = new Compressor();
  c.setParameters({ compressionLevel: level });
  return c;
}

export function createDecompressor(): Decompressor {
  return new Decompressor();
}
