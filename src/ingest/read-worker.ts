/**
 * Worker thread of a directory ingest's reads (read-ahead.ts): reads runs of small files whole,
 * each with three system calls (open, one read, close), into one buffer per run that goes back
 * transferred. On a VM a system call costs microseconds, and a tree of small files costs three
 * per file: done here, they leave the main thread to the chunks, the index and the tar.
 */
import { serveJobs } from '../workers/serve.js';
import { readFileInto } from './small-file.js';

/** Files to read, each announced as `sizes[i]` bytes (up to one byte more is read, so that a file that grew shows). */
export interface ReadJob {
  paths: string[];
  sizes: number[];
}

/**
 * The files' bytes back to back in `data` (from `offsets[i]`, `lengths[i]` long); a file that
 * could not be read has its errno code (or a message) in `errors[i]` and no bytes.
 */
export interface ReadReply {
  data: Uint8Array;
  offsets: number[];
  lengths: number[];
  errors: (string | null)[];
}

function read(job: ReadJob): ReadReply {
  const data = new Uint8Array(job.sizes.reduce((sum, size) => sum + size + 1, 0));
  const offsets: number[] = [];
  const lengths: number[] = [];
  const errors: (string | null)[] = [];
  let at = 0;
  for (const [i, path] of job.paths.entries()) {
    const size = job.sizes[i]!;
    offsets.push(at);
    try {
      const got = readFileInto(path, size, data, at);
      lengths.push(got);
      errors.push(null);
    } catch (cause) {
      lengths.push(0);
      errors.push((cause as NodeJS.ErrnoException).code ?? String(cause));
    }
    at += size + 1;
  }
  return { data, offsets, lengths, errors };
}

serveJobs<ReadJob, ReadReply>((job) => {
  const reply = read(job);
  return { result: reply, transfer: [reply.data.buffer as ArrayBuffer] };
});
