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
  raw?: boolean;
}

serveJobs<DeltaJob, FileDelta>((job) => {
  const result = fileDelta(job.base, job.target, job.level, job.zip, job.raw === true);
  const own = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());
  result.blob = own(result.blob);
  if (result.raw) result.raw = own(result.raw);
  const transfer = [result.blob.buffer as ArrayBuffer];
  if (result.raw && result.raw.buffer !== result.blob.buffer) transfer.push(result.raw.buffer as ArrayBuffer);
  return { result, transfer };
});
