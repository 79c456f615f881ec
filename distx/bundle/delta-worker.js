/**
 * Worker thread of the bundle writer's delta pool (delta-pool.ts): encodes one file's delta
 * per job with fileDelta, exactly as the writer would inline, and sends the blob back
 * transferred.
 */
import { serveJobs } from '../workers/serve.js';
import { fileDelta } from './file-delta.js';
serveJobs((job) => {
    const result = fileDelta(job.base, job.target, job.level, job.zip, job.raw === true);
    const own = (bytes) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());
    result.blob = own(result.blob);
    if (result.raw)
        result.raw = own(result.raw);
    const transfer = [result.blob.buffer];
    if (result.raw && result.raw.buffer !== result.blob.buffer)
        transfer.push(result.raw.buffer);
    return { result, transfer };
});
//# sourceMappingURL=delta-worker.js.map