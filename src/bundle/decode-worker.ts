/** Worker thread of the apply decode pool: runs decodeJob, the target transferred back (copied first when it is a view). */
import { serveJobs } from '../workers/serve.js';
import { decodeJob, ownsBuffer, type DecodeJob } from './decode-job.js';

serveJobs<DecodeJob, Uint8Array>((job) => {
  let target = decodeJob(job);
  if (!ownsBuffer(target)) target = Uint8Array.from(target);
  return { result: target, transfer: [target.buffer as ArrayBuffer] };
});

// The pool imports the job type from here, so that every build that compiles the pool emits this worker too.
export type { DecodeJob };
