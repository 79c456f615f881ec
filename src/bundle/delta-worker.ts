/**
 * Worker thread of the bundle writer's delta pool (delta-pool.ts): encodes one file's delta
 * per job with fileDelta, exactly as the writer would inline, and sends the blob back
 * transferred.
 */
import { serveJobs } from '../workers/serve.js';
import { fileDelta, type FileDelta } from './file-delta.js';

export interface DeltaJob {
  base: Uint8Array;
  target: Uint8Array;
  level: number;
  zip: boolean;
}

serveJobs<DeltaJob, FileDelta>((job) => {
  const result = fileDelta(job.base, job.target, job.level, job.zip);
  const whole = result.blob.byteOffset === 0 && result.blob.byteLength === result.blob.buffer.byteLength;
  if (!whole) result.blob = result.blob.slice();
  return { result, transfer: [result.blob.buffer as ArrayBuffer] };
});
