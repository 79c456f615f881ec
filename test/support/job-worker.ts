// A worker for the WorkerPool tests: jobs that answer, throw, exit the thread, or fail outside
// any job, so that each way a worker can fail is injected on purpose.
import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../../src/workers/serve.js';

export type TestJob =
  | { kind: 'sum'; data: Uint8Array }
  | { kind: 'throw'; message: string; code?: string }
  | { kind: 'exit'; code: number }
  | { kind: 'uncaught'; message: string }
  | { kind: 'sleep'; ms: number };

export interface TestResult {
  sum: number;
  /** The job's bytes, handed back (transferred). */
  data?: Uint8Array;
}

// An error outside any job: thrown by another listener of the same message (serveJobs still
// answers the job itself); the worker dies before it reads the next message.
parentPort!.on('message', ({ job }: { job: TestJob }) => {
  if (job.kind === 'uncaught') throw new Error(job.message);
});

serveJobs<TestJob, TestResult>((job) => {
  switch (job.kind) {
    case 'sum': {
      let sum = 0;
      for (const byte of job.data) sum += byte;
      return { result: { sum, data: job.data }, transfer: [job.data.buffer as ArrayBuffer] };
    }
    case 'throw':
      throw Object.assign(new Error(job.message), job.code ? { code: job.code } : {});
    case 'exit':
      process.exit(job.code);
    case 'uncaught':
      return { result: { sum: -1 } };
    case 'sleep':
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, job.ms);
      return { result: { sum: 0 } };
  }
});
