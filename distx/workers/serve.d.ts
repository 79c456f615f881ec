import type { JobResult } from './protocol.js';
/** Serves jobs on this worker thread with `handle` (synchronous: jobs run one at a time, in order). */
export declare function serveJobs<J, R>(handle: (job: J) => JobResult<R>): void;
