/**
 * A pool of worker threads that run typed jobs and answer with promises: the store's chunk
 * compression and the report's compressed sizes both run on one (see serve.ts for the worker
 * side, protocol.ts for the messages).
 *
 * Every promise it hands out settles:
 * - a job that throws in its worker rejects with that error (the worker carries on);
 * - a worker that dies (an error outside a job, an exit, a message it cannot read) rejects the
 *   jobs it had with an error naming the cause, leaves the rotation and is replaced, unless
 *   MAX_RESTARTS workers have died in a row without answering a job (a worker that cannot
 *   start): then the slot stays empty, and with no worker left every job rejects at once;
 * - close() rejects what is still in flight and every later job; it is idempotent.
 * Workers keep the process alive only while they have jobs: an unclosed, idle pool never holds
 * a process open. Buffers listed in `transfer` move to the worker instead of being copied.
 */
import { Worker } from 'node:worker_threads';
import { CairnError, type CairnErrorCode } from '../errors.js';
import type { JobFailure, JobMessage, ReplyMessage } from './protocol.js';

/** Workers that may die in a row, with no job answered between, before a dead one is no longer replaced. */
export const MAX_RESTARTS = 3;

export interface WorkerPoolOptions {
  /** The worker's module; it calls serveJobs(). */
  script: URL;
  /** Worker threads to start. */
  threads: number;
  /** What a worker is called in errors, e.g. "compression worker". */
  name: string;
}

/** Jobs that run on one worker, in the order given (for state a worker keeps between jobs). */
export interface Lane<J, R> {
  /** Rejects at once when the lane's worker has died: the state it held is gone. */
  run(job: J, transfer?: readonly ArrayBuffer[]): Promise<R>;
}

interface Pending<R> {
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** A worker in the pool and the jobs it has not answered yet. */
interface Slot<R> {
  worker: Worker;
  jobs: Map<number, Pending<R>>;
  /** Why it takes no more jobs (it died, or the pool closed). */
  stopped: Error | undefined;
}

const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

/** The error a job threw in its worker, on this thread. */
function jobError(name: string, failure: JobFailure): CairnError {
  const remote = Object.assign(new Error(failure.message), { name: failure.name, stack: failure.stack });
  const code = failure.code?.startsWith('CAIRN_') ? (failure.code as CairnErrorCode) : 'CAIRN_IO';
  return new CairnError(code, `${name}: ${failure.message}`, { cause: remote });
}

export class WorkerPool<J, R> {
  readonly name: string;
  readonly #script: URL;
  /** Live workers, in rotation. */
  #slots: Slot<R>[] = [];
  /** Every worker not yet exited (close() waits for them). */
  readonly #workers = new Set<Worker>();
  #next = 0;
  #id = 0;
  /** Workers died since a job was last answered. */
  #deaths = 0;
  #lastFailure: Error | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.name = options.name;
    this.#script = options.script;
    for (let i = 0; i < options.threads; i++) this.#spawn();
  }

  /** Workers in rotation. */
  get threads(): number {
    return this.#slots.length;
  }

  /** Runs a job on the next worker in rotation. */
  run(job: J, transfer?: readonly ArrayBuffer[]): Promise<R> {
    const slot = this.#pick();
    return slot ? this.#post(slot, job, transfer) : Promise.reject(this.#unavailable());
  }

  /** A lane on the next worker in rotation. */
  lane(): Lane<J, R> {
    const slot = this.#pick();
    return {
      run: (job, transfer) => (slot ? this.#post(slot, job, transfer) : Promise.reject(this.#unavailable())),
    };
  }

  /** Stops every worker; jobs in flight and later ones reject. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    const closed = new CairnError('CAIRN_CLOSED', `${this.name} pool closed`);
    for (const slot of this.#slots.splice(0)) this.#stop(slot, closed);
    await Promise.all([...this.#workers].map((worker) => worker.terminate()));
  }

  #pick(): Slot<R> | undefined {
    if (this.#slots.length === 0) return undefined;
    return this.#slots[this.#next++ % this.#slots.length];
  }

  #unavailable(): Error {
    if (this.#closed) return new CairnError('CAIRN_CLOSED', `${this.name} pool closed`);
    const why = this.#lastFailure ? `: ${this.#lastFailure.message}` : '';
    return new CairnError('CAIRN_IO', `no ${this.name} is running${why}`, { cause: this.#lastFailure });
  }

  #post(slot: Slot<R>, job: J, transfer: readonly ArrayBuffer[] | undefined): Promise<R> {
    if (slot.stopped) return Promise.reject(slot.stopped);
    const id = this.#id++;
    return new Promise<R>((resolve, reject) => {
      try {
        slot.worker.postMessage({ id, job } satisfies JobMessage<J>, transfer ?? []);
      } catch (error) {
        reject(error); // not cloneable, or a buffer already detached: nothing was sent
        return;
      }
      if (slot.jobs.size === 0) slot.worker.ref();
      slot.jobs.set(id, { resolve, reject });
    });
  }

  #spawn(): void {
    const worker = new Worker(this.#script);
    const slot: Slot<R> = { worker, jobs: new Map(), stopped: undefined };
    worker.on('message', (reply: ReplyMessage<R>) => this.#answer(slot, reply));
    worker.on('error', (error) => this.#died(slot, error));
    worker.on('messageerror', (error) => this.#died(slot, error));
    worker.on('exit', (code) => {
      this.#workers.delete(worker);
      this.#died(slot, new Error(`exited with code ${code}`));
    });
    worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
    this.#workers.add(worker);
    this.#slots.push(slot);
  }

  #answer(slot: Slot<R>, reply: ReplyMessage<R>): void {
    const pending = slot.jobs.get(reply.id);
    if (!pending) return;
    slot.jobs.delete(reply.id);
    if (slot.jobs.size === 0) slot.worker.unref();
    this.#deaths = 0;
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(jobError(this.name, reply.error));
  }

  /** A worker failed: its jobs reject, it leaves the rotation, and a new one takes its place. */
  #died(slot: Slot<R>, cause: unknown): void {
    if (slot.stopped) return;
    const error = new CairnError('CAIRN_IO', `${this.name} stopped: ${messageOf(cause)}`, { cause });
    this.#lastFailure = error;
    this.#slots = this.#slots.filter((s) => s !== slot);
    this.#stop(slot, error);
    void slot.worker.terminate();
    if (this.#closed || this.#deaths++ >= MAX_RESTARTS) return;
    try {
      this.#spawn();
    } catch (spawnError) {
      this.#lastFailure = new CairnError('CAIRN_IO', `cannot start a ${this.name}: ${messageOf(spawnError)}`, { cause: spawnError });
    }
  }

  #stop(slot: Slot<R>, error: Error): void {
    slot.stopped = error;
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    slot.worker.unref();
    for (const job of jobs) job.reject(error);
  }
}
