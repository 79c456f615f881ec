/**
 * Delta decoding for apply on worker threads, so that the main thread reads bases, stores
 * files and hashes layers while deltas decode. Bases are transferred to the worker when the
 * caller owns their buffer (copied otherwise); targets come back transferred. With no worker
 * (threads: 0) jobs run inline.
 */
import { availableParallelism } from 'node:os';
import { BadInputError, CairnError, CorruptDataError } from '../errors.js';
import { WorkerPool } from '../workers/pool.js';
import { decodeJob, ownsBuffer, type DecodeJob } from './decode-job.js';

/** A bad or corrupt delta found on a worker, as the same error class and message it would have inline. */
function local(error: unknown): unknown {
  if (!(error instanceof CairnError) || !(error.cause instanceof Error)) return error;
  const details = { cause: error.cause, ...(error.digest === undefined ? {} : { digest: error.digest }) };
  if (error.code === 'CAIRN_BAD_INPUT') return new BadInputError(error.cause.message, details);
  if (error.code === 'CAIRN_CORRUPT') return new CorruptDataError(error.cause.message, details);
  return error;
}

export class DecodePool {
  readonly #workers: WorkerPool<DecodeJob, Uint8Array> | undefined;

  constructor(threads = Math.min(2, availableParallelism())) {
    if (threads > 0) this.#workers = new WorkerPool({ script: new URL('./decode-worker.js', import.meta.url), threads, name: 'delta decode worker' });
  }

  /** Workers decoding (0: inline). */
  get threads(): number {
    return this.#workers?.threads ?? 0;
  }

  /** The job's target; `job.base` and `job.delta` are taken over when they own their buffers. */
  decode(job: DecodeJob): Promise<Uint8Array> {
    if (!this.#workers) {
      try {
        return Promise.resolve(decodeJob(job));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const transfer = [job.base, job.delta].filter(ownsBuffer).map((b) => b.buffer as ArrayBuffer);
    return this.#workers.run(job, [...new Set(transfer)]).catch((error: unknown) => { throw local(error); });
  }

  async close(): Promise<void> {
    await this.#workers?.close();
  }
}
