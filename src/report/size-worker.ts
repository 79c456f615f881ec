/**
 * Worker thread of the size pool: zstd sizes of chunks (one-shot, as the store compresses
 * them) and of streams fed piece by piece (whole layers, framing, large files). A stream lives
 * on one worker (a pool lane), so its pieces arrive in order. Every job answers a size.
 */
import { serveJobs } from '../workers/serve.js';
import { ChunkSizer, ZstdStreamSize, zstdScratch } from './sizers.js';

/** What the main thread asks a worker (data is a copy, transferred). */
export type SizeJob =
  | { op: 'chunk'; data: Uint8Array; level: number }
  | { op: 'open'; stream: number; level: number; pledged: number | undefined }
  | { op: 'update'; stream: number; data: Uint8Array }
  | { op: 'end'; stream: number };

const sizers = new Map<number, ChunkSizer>();
const streams = new Map<number, ZstdStreamSize>();
const scratch = zstdScratch();

function openStream(id: number): ZstdStreamSize {
  const stream = streams.get(id);
  if (!stream) throw new Error(`no open stream ${id} on this worker`);
  return stream;
}

function size(job: SizeJob): number {
  switch (job.op) {
    case 'chunk': {
      let sizer = sizers.get(job.level);
      if (!sizer) sizers.set(job.level, (sizer = new ChunkSizer(job.level)));
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

serveJobs<SizeJob, number>((job) => ({ result: size(job) }));
