/**
 * A pull's chunk check, off the pulling thread when the pull is large (docs/registry.md, step 6):
 * the caller hands over each file's chunks in order, as the sender stored them (zstd or raw) or
 * as the store gave them back, and marks those to check against their digests; they go to the
 * arrival worker in jobs of about JOB_BYTES (arrival-check.ts), a file's hash carrying over
 * from one job to the next, and settle() gives each ended file's digest and size.
 *
 * Decoding and hashing were most of a pull's time on the pulling thread, beside what stays
 * there: the requests, the store's appends and index writes. A small pull checks on its own
 * thread (a worker costs about 0.1 s of CPU to start).
 */
import { CairnError, CorruptDataError } from '../../errors.js';
import { takeSpare, ScratchSlot } from '../../scratch.js';
import { RecordDecompressor } from '../../store/compression.js';
import { WorkerPool, type Lane } from '../../workers/pool.js';
import { checkArrival, PIECE_CHECK, PIECE_FIELDS, PIECE_ZSTD, type ArrivalJob, type ArrivalSession, type EndedFiles } from './arrival-check.js';
import type { ArrivalMessage, ArrivalReply } from './arrival-worker.js';

/** Stored bytes per job. */
const JOB_BYTES = 4 << 20;
/** Jobs sent and not answered, at most. */
const IN_FLIGHT = 3;
/** Input buffers are made in multiples of this, and reused. */
const SPARE_ROUND = 1 << 20;

let pool: WorkerPool<ArrivalMessage, ArrivalReply> | undefined;
let sessions = 0;

/** One chunk of a file, as stored: `bytes` decode to `length` bytes; `check` is the hex sha256 they must have. */
export interface ArrivalPiece {
  bytes: Uint8Array;
  zstd: boolean;
  length: number;
  check?: string;
}

export class ArrivalChecker {
  readonly #session = ++sessions;
  readonly #lane: Lane<ArrivalMessage, ArrivalReply> | undefined;
  /** For checks on this thread. */
  #local: { session: ArrivalSession; decompressor: RecordDecompressor; scratch: ScratchSlot } | undefined;
  #spare: ArrayBuffer[] = [];
  #pieces: ArrivalPiece[] = [];
  #steps: number[] = [];
  #bytes = 0;
  /** The file being added, and its pieces in the job being built. */
  #file = -1;
  #count = 0;
  /** Jobs sent since the last settle(), and how many of them are known answered. */
  #inFlight: Promise<ArrivalReply>[] = [];
  #waited = 0;

  /** `onWorker`: check on the arrival worker, else on this thread. */
  constructor(onWorker: boolean) {
    if (onWorker) {
      pool ??= new WorkerPool({ script: new URL('./arrival-worker.js', import.meta.url), threads: 1, name: 'chunk check worker' });
      this.#lane = pool.lane();
    }
  }

  /** Starts a run of the file numbered `file`'s chunks (the numbers are the caller's). */
  beginFile(file: number): void {
    this.#file = file;
    this.#count = 0;
  }

  /** The file's next chunk. Returns a promise when jobs are waiting for the worker: await it before the next call. */
  add(piece: ArrivalPiece): Promise<void> | undefined {
    this.#pieces.push(piece);
    this.#count++;
    this.#bytes += piece.bytes.length;
    if (this.#bytes < JOB_BYTES) return undefined;
    // The job is full: the file carries on in the next one.
    this.#steps.push(this.#file, this.#count, 0);
    this.#count = 0;
    this.#flush();
    return this.#room();
  }

  /** Ends the run of the file's chunks; `last` when they end the file. */
  endFile(last: boolean): void {
    if (this.#count > 0 || last) this.#steps.push(this.#file, this.#count, last ? 1 : 0);
    this.#file = -1;
  }

  /**
   * Sends what is pending: the files ended by the jobs sent since the last call, in order, once
   * those jobs are done. The next run of files can be added at once: their jobs follow on the
   * worker while the caller stores these.
   */
  settle(): Promise<EndedFiles> {
    this.#flush();
    const jobs = this.#inFlight.splice(0);
    this.#waited = 0;
    return (async () => {
      const ended: EndedFiles = { files: [], digests: [], sizes: [] };
      for (const job of jobs) this.#take(await this.#answer(job), ended);
      return ended;
    })();
  }

  /** Drops what the worker holds for this pull (after a failure). */
  abandon(): void {
    this.#pieces = [];
    this.#steps = [];
    void this.#lane?.run({ op: 'drop', session: this.#session }).catch(() => undefined);
  }

  /** A job's answer; bad data the worker found rejects as it would have on this thread. */
  async #answer(job: Promise<ArrivalReply>): Promise<ArrivalReply> {
    try {
      return await job;
    } catch (error) {
      if (error instanceof CairnError && !(error instanceof CorruptDataError) && error.code === 'CAIRN_CORRUPT' && error.cause instanceof Error) throw new CorruptDataError(error.cause.message, { cause: error });
      throw error;
    }
  }

  #take(reply: ArrivalReply, into: EndedFiles): void {
    into.files.push(...reply.files);
    into.digests.push(...reply.digests);
    into.sizes.push(...reply.sizes);
    if (reply.input && this.#spare.length < IN_FLIGHT + 1) this.#spare.push(reply.input.buffer as ArrayBuffer);
  }

  /** Sends the job being built (checks it here, without a worker). */
  #flush(): void {
    if (this.#steps.length === 0) return;
    const job = this.#job();
    if (!this.#lane) {
      this.#local ??= { session: new Map(), decompressor: new RecordDecompressor(), scratch: new ScratchSlot() };
      let reply: Promise<ArrivalReply>;
      try {
        reply = Promise.resolve({ ...checkArrival(this.#local.session, job, this.#local.decompressor, this.#local.scratch), input: job.input });
      } catch (error) {
        reply = Promise.reject(error);
      }
      reply.catch(() => undefined);
      this.#inFlight.push(reply);
      return;
    }
    const reply = this.#lane.run({ op: 'check', ...job }, [job.input.buffer as ArrayBuffer, job.pieces.buffer as ArrayBuffer, job.digests.buffer as ArrayBuffer, job.steps.buffer as ArrayBuffer]);
    reply.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
    this.#inFlight.push(reply);
  }

  /** Waits while IN_FLIGHT jobs of this run are unanswered (their answers are kept for settle()). */
  async #room(): Promise<void> {
    while (this.#inFlight.length - this.#waited >= IN_FLIGHT) {
      await this.#inFlight[this.#waited]!.catch(() => undefined);
      this.#waited++;
    }
  }

  /** The pending pieces and steps as a job (and the builder emptied for the next). */
  #job(): ArrivalJob {
    const input = takeSpare(this.#spare, this.#bytes, SPARE_ROUND);
    const pieces = new Uint32Array(this.#pieces.length * PIECE_FIELDS);
    const digests = new Uint8Array(this.#pieces.length * 32);
    let at = 0;
    this.#pieces.forEach((p, i) => {
      input.set(p.bytes, at);
      pieces.set([at, p.bytes.length, (p.zstd ? PIECE_ZSTD : 0) | (p.check ? PIECE_CHECK : 0), p.length], i * PIECE_FIELDS);
      if (p.check) digests.set(Buffer.from(p.check, 'hex'), i * 32);
      at += p.bytes.length;
    });
    const job: ArrivalJob = { session: this.#session, input: input.subarray(0, at), pieces, digests, steps: Uint32Array.from(this.#steps) };
    this.#pieces = [];
    this.#steps = [];
    this.#bytes = 0;
    return job;
  }
}
