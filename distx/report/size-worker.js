/**
 * Worker thread of the size pool: zstd sizes of chunks (one-shot, as the store compresses
 * them) and of streams fed piece by piece (whole layers, framing, large files). A stream lives
 * on one worker (a pool lane), so its pieces arrive in order. Every job answers a size.
 */
import { serveJobs } from '../workers/serve.js';
import { ChunkSizer, ZstdStreamSize, zstdScratch } from './sizers.js';
const sizers = new Map();
const streams = new Map();
const scratch = zstdScratch();
function openStream(id) {
    const stream = streams.get(id);
    if (!stream)
        throw new Error(`no open stream ${id} on this worker`);
    return stream;
}
function size(job) {
    switch (job.op) {
        case 'chunk': {
            let sizer = sizers.get(job.level);
            if (!sizer)
                sizers.set(job.level, (sizer = new ChunkSizer(job.level)));
            return sizer.storedLength(job.data);
        }
        case 'open':
            streams.set(job.stream, new ZstdStreamSize(job.level, job.pledged, scratch));
            return 0;
        case 'update':
            openStream(job.stream).update(job.data);
            return job.data.length;
        case 'end': {
            const bytes = openStream(job.stream).end();
            streams.delete(job.stream);
            return bytes;
        }
    }
}
serveJobs((job) => ({ result: size(job) }));
//# sourceMappingURL=size-worker.js.map