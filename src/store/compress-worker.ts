/**
 * Worker thread of the compression pool: zstd-compresses chunks with one reused context. A
 * job's bytes arrive transferred, not copied; the answer is the compressed bytes, or, when
 * compression saves too little, the input handed back (transferred) to be stored raw.
 * A batch job carries many small chunks in one buffer (one message for all of them, not one
 * each) and is answered the same way: one buffer of stored forms and their lengths.
 */
import { serveJobs } from '../workers/serve.js';
import { BatchCompressor, type CompressedBatch } from './compression.js';

/** A chunk to compress (its buffer is transferred) and the zstd level. */
export interface CompressOneJob {
  data: Uint8Array;
  level: number;
  /** Also the sha256 of the data (a chunk group's digest: the hash runs here, off the caller's thread). */
  digest?: boolean;
  /** The data is a chunk group whose members may be x86-filtered (Compressed.x86). */
  x86?: boolean;
}

/** Many chunks, back to back in `data` (transferred), `lengths` long each. */
export interface CompressBatchJob {
  data: Uint8Array;
  lengths: number[];
  level: number;
}

export type CompressJob = CompressOneJob | CompressBatchJob;
import type { Compressed } from './compression.js';
export type { CompressedBatch, Compressed } from './compression.js';

let currentLevel = -1;
let batches: BatchCompressor | undefined;

serveJobs<CompressJob, Compressed | CompressedBatch>((job) => {
  if (job.level !== currentLevel) {
    batches = new BatchCompressor(job.level);
    currentLevel = job.level;
  }
  if ('lengths' in job) {
    // The input goes back too, for the pool to fill again (fresh memory costs page faults).
    const batch: CompressedBatch = { ...batches!.compress(job.data, job.lengths), input: job.data };
    return { result: batch, transfer: [batch.bytes.buffer as ArrayBuffer, job.data.buffer as ArrayBuffer] };
  }
  const result = batches!.compressWhole(job.data, job.digest === true, job.x86 === true);
  // A group's input goes back too when it was compressed, for the pool to fill again.
  if (job.digest && result.zstd) {
    result.input = job.data;
    return { result, transfer: [result.bytes.buffer as ArrayBuffer, job.data.buffer as ArrayBuffer] };
  }
  return { result, transfer: [result.bytes.buffer as ArrayBuffer] };
});
