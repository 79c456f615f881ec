/**
 * Worker thread of the decompression pool (decompress-pool.ts): decompresses a batch of
 * records, whose stored payloads arrive in one transferred buffer, into new output buffers
 * (transferred back, with the input for the pool to fill again). A payload that does not
 * decompress to its recorded length fails the job: the pool's caller then decodes the batch
 * on its own thread, where the error names the record.
 */
import { serveJobs } from '../workers/serve.js';
import { RecordDecompressor } from './compression.js';
import { decompressBatch } from './decompress-batch.js';
const decompressor = new RecordDecompressor();
serveJobs((job) => {
    const outputs = decompressBatch(decompressor, job);
    return { result: { outputs, input: job.input }, transfer: [...outputs.map((o) => o.buffer), job.input.buffer] };
});
//# sourceMappingURL=decompress-worker.js.map