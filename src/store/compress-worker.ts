/**
 * Worker thread of the compression pool: zstd-compresses chunks with one reused context. A
 * job's bytes arrive transferred, not copied; the answer is the compressed bytes, or, when
 * compression saves too little, the input handed back (transferred) to be stored raw.
 */
import { Compressor } from 'zstd-napi';
import { serveJobs } from '../workers/serve.js';
import { compressOrNull } from './compression.js';

/** A chunk to compress (its buffer is transferred) and the zstd level. */
export interface CompressJob {
  data: Uint8Array;
  level: number;
}

/** A chunk as it will be stored: zstd-compressed, or raw when compression saves too little. */
export interface Compressed {
  zstd: boolean;
  bytes: Uint8Array;
}

const compressor = new Compressor();
let currentLevel = -1;

serveJobs<CompressJob, Compressed>(({ data, level }) => {
  if (level !== currentLevel) {
    compressor.setParameters({ compressionLevel: level });
    currentLevel = level;
  }
  const payload = compressOrNull(compressor, data);
  const result = payload ? { zstd: true, bytes: payload } : { zstd: false, bytes: data };
  return { result, transfer: [result.bytes.buffer as ArrayBuffer] };
});
