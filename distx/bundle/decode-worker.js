/** Worker thread of the apply decode pool: runs decodeJob, the target transferred back (copied first when it is a view). */
import { serveJobs } from '../workers/serve.js';
import { decodeJob, ownsBuffer } from './decode-job.js';
serveJobs((job) => {
    let target = decodeJob(job);
    if (!ownsBuffer(target))
        target = Uint8Array.from(target);
    return { result: target, transfer: [target.buffer] };
});
//# sourceMappingURL=decode-worker.js.map