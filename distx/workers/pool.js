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
import { CairnError } from '../errors.js';
/** Workers that may die in a row, with no job answered between, before a dead one is no longer replaced. */
export const MAX_RESTARTS = 3;
const messageOf = (cause) => (cause instanceof Error ? cause.message : String(cause));
/** The error a job threw in its worker, on this thread. */
function jobError(name, failure) {
    const remote = Object.assign(new Error(failure.message), { name: failure.name, stack: failure.stack });
    const code = failure.code?.startsWith('CAIRN_') ? failure.code : 'CAIRN_IO';
    return new CairnError(code, `${name}: ${failure.message}`, { cause: remote });
}
export class WorkerPool {
    name;
    #script;
    /** Live workers, in rotation. */
    #slots = [];
    /** Every worker not yet exited (close() waits for them). */
    #workers = new Set();
    #next = 0;
    #id = 0;
    /** Workers died since a job was last answered. */
    #deaths = 0;
    #lastFailure;
    #closed = false;
    #closing;
    constructor(options) {
        this.name = options.name;
        this.#script = options.script;
        for (let i = 0; i < options.threads; i++)
            this.#spawn();
    }
    /** Workers in rotation. */
    get threads() {
        return this.#slots.length;
    }
    /** Runs a job on the next worker in rotation. */
    run(job, transfer) {
        const slot = this.#pick();
        return slot ? this.#post(slot, job, transfer) : Promise.reject(this.#unavailable());
    }
    /** A lane on the next worker in rotation. */
    lane() {
        const slot = this.#pick();
        return {
            run: (job, transfer) => (slot ? this.#post(slot, job, transfer) : Promise.reject(this.#unavailable())),
        };
    }
    /** Stops every worker; jobs in flight and later ones reject. Idempotent. */
    close() {
        this.#closing ??= this.#shutdown();
        return this.#closing;
    }
    async #shutdown() {
        this.#closed = true;
        const closed = new CairnError('CAIRN_CLOSED', `${this.name} pool closed`);
        for (const slot of this.#slots.splice(0))
            this.#stop(slot, closed);
        await Promise.all([...this.#workers].map((worker) => worker.terminate()));
    }
    #pick() {
        if (this.#slots.length === 0)
            return undefined;
        return this.#slots[this.#next++ % this.#slots.length];
    }
    #unavailable() {
        if (this.#closed)
            return new CairnError('CAIRN_CLOSED', `${this.name} pool closed`);
        const why = this.#lastFailure ? `: ${this.#lastFailure.message}` : '';
        return new CairnError('CAIRN_IO', `no ${this.name} is running${why}`, { cause: this.#lastFailure });
    }
    #post(slot, job, transfer) {
        if (slot.stopped)
            return Promise.reject(slot.stopped);
        const id = this.#id++;
        return new Promise((resolve, reject) => {
            try {
                slot.worker.postMessage({ id, job }, transfer ?? []);
            }
            catch (error) {
                reject(error); // not cloneable, or a buffer already detached: nothing was sent
                return;
            }
            if (slot.jobs.size === 0)
                slot.worker.ref();
            slot.jobs.set(id, { resolve, reject });
        });
    }
    #spawn() {
        const worker = new Worker(this.#script);
        const slot = { worker, jobs: new Map(), stopped: undefined };
        worker.on('message', (reply) => this.#answer(slot, reply));
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
    #answer(slot, reply) {
        const pending = slot.jobs.get(reply.id);
        if (!pending)
            return;
        slot.jobs.delete(reply.id);
        if (slot.jobs.size === 0)
            slot.worker.unref();
        this.#deaths = 0;
        if (reply.ok)
            pending.resolve(reply.result);
        else
            pending.reject(jobError(this.name, reply.error));
    }
    /** A worker failed: its jobs reject, it leaves the rotation, and a new one takes its place. */
    #died(slot, cause) {
        if (slot.stopped)
            return;
        const error = new CairnError('CAIRN_IO', `${this.name} stopped: ${messageOf(cause)}`, { cause });
        this.#lastFailure = error;
        this.#slots = this.#slots.filter((s) => s !== slot);
        this.#stop(slot, error);
        void slot.worker.terminate();
        if (this.#closed || this.#deaths++ >= MAX_RESTARTS)
            return;
        try {
            this.#spawn();
        }
        catch (spawnError) {
            this.#lastFailure = new CairnError('CAIRN_IO', `cannot start a ${this.name}: ${messageOf(spawnError)}`, { cause: spawnError });
        }
    }
    #stop(slot, error) {
        slot.stopped = error;
        const jobs = [...slot.jobs.values()];
        slot.jobs.clear();
        slot.worker.unref();
        for (const job of jobs)
            job.reject(error);
    }
}
//# sourceMappingURL=pool.js.map