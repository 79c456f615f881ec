/**
 * The check of a pull's chunks as they arrive, and the hash of the files they make (docs/registry.md,
 * step 6), as jobs: a job holds runs of files' chunks (pieces) back to back in one input buffer,
 * each piece zstd or raw; a piece marked for checking is decoded and hashed against its digest,
 * and every piece's bytes go into its file's hash. A file may span jobs (its hash carries over in
 * the session); the job that ends a file answers its digest and size.
 *
 * No thread of its own: the arrival worker (arrival-worker.ts) runs it for large pulls, the
 * pulling thread for small ones (arrival.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import { CorruptDataError } from '../../errors.js';
import type { RecordDecompressor } from '../../store/compression.js';
import type { ScratchSlot } from '../../scratch.js';

/** Numbers per piece in ArrivalJob.pieces: offset in the input, stored bytes, flags, bytes once decoded. */
export const PIECE_FIELDS = 4;
/** The piece is zstd (else raw, its stored bytes are its bytes). */
export const PIECE_ZSTD = 1;
/** The piece's bytes are checked against its digest (ArrivalJob.digests). */
export const PIECE_CHECK = 2;
/** Numbers per step in ArrivalJob.steps: the file (the caller's number), its pieces in this job, 1 when they end it. */
export const STEP_FIELDS = 3;

export interface ArrivalJob {
  session: number;
  /** The pieces' stored bytes, back to back (transferred to a worker and handed back). */
  input: Uint8Array;
  /** PIECE_FIELDS numbers per piece, in the order of the steps. */
  pieces: Uint32Array;
  /** 32 bytes per piece: the sha256 a PIECE_CHECK piece must have (zeros for the others). */
  digests: Uint8Array;
  /** STEP_FIELDS numbers per step: each step takes the next pieces in order. */
  steps: Uint32Array;
}

/** The files that ended in a job, in order. */
export interface EndedFiles {
  files: number[];
  /** Hex sha256 of each. */
  digests: string[];
  sizes: number[];
}

interface FileHash {
  hash: Hash;
  size: number;
}

/** A pull's files whose hash carries over from one job to the next. */
export type ArrivalSession = Map<number, FileHash>;

const hexOf = (digests: Uint8Array, piece: number): string => Buffer.from(digests.buffer, digests.byteOffset + piece * 32, 32).toString('hex');

function decode(job: ArrivalJob, piece: number, decompressor: RecordDecompressor, scratch: ScratchSlot): Uint8Array {
  const p = job.pieces;
  const at = p[piece * PIECE_FIELDS]!;
  const stored = p[piece * PIECE_FIELDS + 1]!;
  const flags = p[piece * PIECE_FIELDS + 2]!;
  const length = p[piece * PIECE_FIELDS + 3]!;
  const payload = job.input.subarray(at, at + stored);
  if (!(flags & PIECE_ZSTD)) {
    if (stored !== length) throw new CorruptDataError(`registry: chunk sha256:${hexOf(job.digests, piece)} has the wrong length`);
    return payload;
  }
  const out = scratch.take(length);
  try {
    decompressor.decompressInto(out, payload);
  } catch (cause) {
    const digest = hexOf(job.digests, piece);
    throw new CorruptDataError(`registry: chunk sha256:${digest}: bad zstd data (${(cause as Error).message})`, { digest: `sha256:${digest}`, cause });
  }
  return out;
}

function check(job: ArrivalJob, piece: number, digest: Buffer): void {
  const expected = Buffer.from(job.digests.buffer, job.digests.byteOffset + piece * 32, 32);
  if (!digest.equals(expected)) {
    const hex = expected.toString('hex');
    throw new CorruptDataError(`registry: chunk sha256:${hex} does not match its digest`, { digest: `sha256:${hex}` });
  }
}

/** Runs one job: throws CorruptDataError at the first piece that does not decode or match its digest. */
export function checkArrival(session: ArrivalSession, job: ArrivalJob, decompressor: RecordDecompressor, scratch: ScratchSlot): EndedFiles {
  const ended: EndedFiles = { files: [], digests: [], sizes: [] };
  const s = job.steps;
  let piece = 0;
  for (let i = 0; i < s.length; i += STEP_FIELDS) {
    const file = s[i]!;
    const count = s[i + 1]!;
    const last = s[i + 2] === 1;
    const carried = session.get(file);
    if (!carried && last && count === 1) {
      // A file of one chunk is that chunk: one hash for both.
      const bytes = decode(job, piece, decompressor, scratch);
      const digest = createHash('sha256').update(bytes).digest();
      if (job.pieces[piece * PIECE_FIELDS + 2]! & PIECE_CHECK) check(job, piece, digest);
      piece++;
      ended.files.push(file);
      ended.digests.push(digest.toString('hex'));
      ended.sizes.push(bytes.length);
      continue;
    }
    const state = carried ?? { hash: createHash('sha256'), size: 0 };
    for (const end = piece + count; piece < end; piece++) {
      const bytes = decode(job, piece, decompressor, scratch);
      if (job.pieces[piece * PIECE_FIELDS + 2]! & PIECE_CHECK) check(job, piece, createHash('sha256').update(bytes).digest());
      state.hash.update(bytes);
      state.size += bytes.length;
    }
    if (last) {
      session.delete(file);
      ended.files.push(file);
      ended.digests.push(state.hash.digest('hex'));
      ended.sizes.push(state.size);
    } else {
      session.set(file, state);
    }
  }
  if (piece * PIECE_FIELDS !== job.pieces.length) throw new RangeError(`arrival check: the steps take ${piece} pieces of ${job.pieces.length / PIECE_FIELDS}`);
  return ended;
}
