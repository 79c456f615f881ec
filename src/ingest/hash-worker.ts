/**
 * Worker thread of the ingest hasher (stream-hasher.ts): the sha256 of a layer's whole tar (its
 * DiffID) and, inside it, of the files the main thread marks, computed off the main thread.
 * The bytes sit in a ring the main thread shares at `open` (no copy, no transfer per job); a
 * session's jobs arrive in order on one lane; each data job answers the digests of the files
 * that ended in it, the end job the DiffID.
 */
import { createHash, type Hash } from 'node:crypto';
import { serveJobs } from '../workers/serve.js';

/**
 * A data job's bytes are `length` bytes at `offset` in the session's ring. `marks` are offsets
 * into them, in order, alternately where a marked file begins and where it ends (a file may
 * begin in one job and end in a later one).
 */
export type HashJob =
  | { op: 'open'; session: number; ring: SharedArrayBuffer }
  | { op: 'data'; session: number; offset: number; length: number; marks: number[] }
  | { op: 'end'; session: number }
  | { op: 'drop'; session: number };

/** Hex sha256s: of the files that ended in a data job, in order; of the whole stream for end. */
export type HashReply = string[];

interface Session {
  ring: Uint8Array;
  whole: Hash;
  /** The marked file open at the end of the last job, if any. */
  file: Hash | undefined;
}

const sessions = new Map<number, Session>();

function data(session: Session, bytes: Uint8Array, marks: readonly number[]): string[] {
  session.whole.update(bytes);
  const done: string[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark < at || mark > bytes.length) throw new RangeError(`hash worker: mark ${mark} out of order`);
    if (session.file) {
      session.file.update(bytes.subarray(at, mark));
      done.push(session.file.digest('hex'));
      session.file = undefined;
    } else {
      session.file = createHash('sha256');
    }
    at = mark;
  }
  session.file?.update(bytes.subarray(at));
  return done;
}

function sessionOf(id: number): Session {
  const session = sessions.get(id);
  if (!session) throw new Error(`hash worker: no open session ${id}`);
  return session;
}

serveJobs<HashJob, HashReply>((job) => {
  switch (job.op) {
    case 'open':
      sessions.set(job.session, { ring: new Uint8Array(job.ring), whole: createHash('sha256'), file: undefined });
      return { result: [] };
    case 'drop':
      sessions.delete(job.session);
      return { result: [] };
    case 'data': {
      const session = sessionOf(job.session);
      return { result: data(session, session.ring.subarray(job.offset, job.offset + job.length), job.marks) };
    }
    case 'end': {
      const session = sessionOf(job.session);
      sessions.delete(job.session);
      if (session.file) throw new Error('hash worker: the stream ended inside a marked file');
      return { result: [session.whole.digest('hex')] };
    }
  }
});
