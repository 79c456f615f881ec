/**
 * Worker thread of the compression pool: zstd-compresses chunks with one reused context. A
 * job's bytes arrive transferred, not copied; the answer is the compressed bytes, or, when
 * compression saves too little, the input handed back (transferred) to be stored raw.
 * A batch job carries many small chunks in one buffer (one message for all of them, not one
 * each) and is answered the same way: one buffer of stored forms and their lengths.
 */
import { Compressor } from 'zstd-napi';
import { serveJobs } from '../workers/serve.js';
import { BatchCompressor, compressOrNull } from './compression.js';
const compressor = new Compressor();
let currentLevel = -1;
let batches;
serveJobs((job) => {
    if (job.level !== currentLevel) {
        compressor.setParameters({ compressionLevel: job.level });
        batches = new BatchCompressor(job.level);
        currentLevel = job.level;
    }
    if ('lengths' in job) {
        // The input goes back too, for the pool to fill again (fresh memory costs page faults).
        const batch = { ...batches.compress(job.data, job.lengths), input: job.data };
        return { result: batch, transfer: [batch.bytes.buffer, job.data.buffer] };
    }
    const payload = compressOrNull(compressor, job.data);
    const result = payload ? { zstd: true, bytes: payload } : { zstd: false, bytes: job.data };
    return { result, transfer: [result.bytes.buffer] };
});
//# sourceMappingURL=compress-worker.js.map