/**
 * One file of a bundle rebuilt from its base and its delta blob, as the apply decode pool runs
 * it (decode-pool.ts, on a worker thread). The target is checked as applyFileDelta checks it.
 * The base comes from the store unchecked: a zip delta's base is checked here against its
 * digest (decodeZipDelta expects a checked base), a plain delta's by the delta's own base
 * checksum (a raw delta's by its target: it has none of its own), and a base the delta refuses
 * is hashed to tell a corrupt store from a bad bundle.
 */
import { createHash } from 'node:crypto';
import binding from 'zstd-napi/binding.js';
import { deltaMethodOf, placedBase, placeSaBase } from '../delta/index.js';
import { BadInputError, CorruptDataError } from '../errors.js';
import { ScratchSlot } from '../scratch.js';
import { applyFileDelta } from './file-delta.js';

/**
 * A base as the store's packs hold its chunks, back to back in `payloads`: per chunk its
 * stored length, its length and whether it is zstd (`chunks`, three numbers each), so that
 * decompressing it happens where the delta is decoded (a worker), not on the reading thread.
 */
export interface StoredBase {
  payloads: Uint8Array;
  chunks: number[];
  size: number;
}

export interface DecodeJob {
  via: 'delta' | 'zip-delta';
  /** The base file's content, or its chunks as stored (read from the store unchecked). */
  base: Uint8Array | StoredBase;
  /** The base file's sha256 (hex). */
  baseDigest: string;
  delta: Uint8Array;
  /** The planned file: its sha256 (hex) and size. */
  digest: string;
  size: number;
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function corruptBase(job: DecodeJob): CorruptDataError {
  return new CorruptDataError(`the store's file sha256:${job.baseDigest} (a delta base) is corrupt (digest mismatch)`, { digest: `sha256:${job.baseDigest}` });
}

let dctx: InstanceType<typeof binding.DCtx> | undefined;

/** Where a plain delta's stored base is decompressed: no decoder of a plain delta keeps a view of its base. */
const baseScratch = new ScratchSlot();

/**
 * A stored base's content: its chunks decompressed in place, each to its recorded length
 * (CorruptDataError naming the base otherwise). Into `into` when given (of base.size bytes).
 */
export function baseContent(base: StoredBase, baseDigest: string, into?: Uint8Array): Uint8Array {
  const fail = (why: string): CorruptDataError => new CorruptDataError(`the store's file sha256:${baseDigest} (a delta base) is corrupt (${why})`, { digest: `sha256:${baseDigest}` });
  const out = into ?? Buffer.allocUnsafeSlow(base.size); // every byte is written below (or it throws)
  let at = 0;
  let from = 0;
  for (let i = 0; i < base.chunks.length; i += 3) {
    const stored = base.chunks[i]!;
    const length = base.chunks[i + 1]!;
    if (length > out.length - at || stored > base.payloads.length - from) throw fail('chunk lengths');
    const payload = base.payloads.subarray(from, from + stored);
    const into = out.subarray(at, at + length);
    if (base.chunks[i + 2] === 1) {
      let produced: number;
      try {
        produced = length === 0 ? 0 : (dctx ??= new binding.DCtx()).decompress(into, payload);
      } catch {
        throw fail('a chunk does not decompress');
      }
      if (produced !== length) throw fail('a chunk decompresses to another length');
    } else {
      if (stored !== length) throw fail('chunk lengths');
      into.set(payload);
    }
    at += length;
    from += stored;
  }
  if (at !== out.length) throw fail('chunk lengths');
  return out;
}

/** Where a plain delta's stored base is decompressed: into the delta kernel for an sa delta, else scratch memory. */
function baseArea(job: DecodeJob, size: number): Uint8Array {
  return (deltaMethodOf(job.delta) === 'sa' ? placeSaBase(size) : undefined) ?? baseScratch.take(size);
}

/** The target of `job`; throws as applyFileDelta does, or CorruptDataError when the store's base does not match its digest. */
export function decodeJob(stored: DecodeJob): Uint8Array {
  // A plain delta's base is decompressed where its decoder reads it (decodeJob is synchronous
  // and the target never shares the base's memory); a zip delta's into a buffer of its own.
  const job = stored.base instanceof Uint8Array ? { ...stored, base: stored.base }
    : { ...stored, base: baseContent(stored.base, stored.baseDigest, stored.via === 'delta' ? baseArea(stored, stored.base.size) : undefined) };
  const baseDigest = (): string => sha(placedBase(job.base));
  if (job.via === 'zip-delta' && sha(job.base) !== job.baseDigest) throw corruptBase(job);
  let target: Uint8Array;
  try {
    target = applyFileDelta(job.via, job.base, job.delta, { digest: job.digest, size: job.size });
  } catch (error) {
    if (error instanceof BadInputError && baseDigest() !== job.baseDigest) throw corruptBase(job);
    throw error;
  }
  // A raw delta (bundle format 4) carries no checksum of its base: a target that is not the
  // planned file came from a corrupt base of the store or from a bad bundle; the base says which.
  if (job.via === 'delta' && (target.length !== job.size || sha(target) !== job.digest)) {
    if (baseDigest() !== job.baseDigest) throw corruptBase(job);
    throw new CorruptDataError(`bundle: rebuilt file sha256:${job.digest} does not match its digest`, { digest: `sha256:${job.digest}` });
  }
  return target;
}

/** Whether `bytes` is the whole of its ArrayBuffer (which can then be transferred without taking anything else along). */
export const ownsBuffer = (bytes: Uint8Array): boolean =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
