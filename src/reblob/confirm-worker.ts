/**
 * Worker thread for the deflaters written in JavaScript (pako's `zlib-1.2.13`, Go's `go-flate`),
 * kept off the main thread:
 * compresses the inflated bytes it is sent, piece by piece, in one session per stream. At
 * ingest (confirm) it hashes the gzip member it makes (header, deflate stream, trailer) so
 * that the caller compares one sha256 with the blob's digest; at export (`emit`) it sends the
 * deflate stream back instead. Jobs of one session arrive in order on one lane.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32Update, deflateStream, type StreamParams } from '../deflate/index.js';
import { serveJobs } from '../workers/serve.js';

export type ConfirmJob =
  | { op: 'start'; session: number; params: StreamParams; header: Uint8Array; emit?: boolean }
  | { op: 'data'; session: number; bytes: Uint8Array }
  | { op: 'end'; session: number; tail: Uint8Array };

/** sha256 (hex) and length of the blob made; empty for start and data jobs. */
export interface ConfirmReply {
  hex?: string;
  size?: number;
  /** With `emit`: the deflate stream's bytes this job produced. */
  out?: Uint8Array;
}

interface Session {
  deflate: { push(input: Uint8Array, final: boolean): void };
  hash: Hash;
  size: number;
  crc: number;
  inflated: number;
  /** With `emit`: output not yet sent back. */
  out?: Uint8Array[];
}

function takeOut(session: Session): { result: ConfirmReply; transfer?: ArrayBuffer[] } {
  if (!session.out) return { result: {} };
  const out = Buffer.concat(session.out);
  session.out = [];
  const owned = new Uint8Array(out);
  return { result: { out: owned }, transfer: [owned.buffer] };
}

const sessions = new Map<number, Session>();

serveJobs<ConfirmJob, ConfirmReply>((job) => {
  if (job.op === 'start') {
    const hash = createHash('sha256').update(job.header);
    const session: Session = { hash, size: job.header.length, crc: 0, inflated: 0, ...(job.emit ? { out: [] } : {}), deflate: deflateStream(job.params, (chunk) => {
      if (session.out) session.out.push(chunk);
      else session.hash.update(chunk);
      session.size += chunk.length;
    }) };
    sessions.set(job.session, session);
    return { result: {} };
  }
  const session = sessions.get(job.session);
  if (!session) throw new Error(`no confirm session ${job.session}`);
  if (job.op === 'data') {
    session.crc = crc32Update(session.crc, job.bytes);
    session.inflated += job.bytes.length;
    session.deflate.push(job.bytes, false);
    return takeOut(session);
  }
  sessions.delete(job.session);
  session.deflate.push(new Uint8Array(0), true);
  if (session.out) return takeOut(session);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(session.crc, 0);
  trailer.writeUInt32LE(session.inflated % 2 ** 32, 4);
  session.hash.update(trailer).update(job.tail);
  return { result: { hex: session.hash.digest('hex'), size: session.size + 8 + job.tail.length } };
});
