/**
 * File deltas for the bundle writer on worker threads (a WorkerPool running delta-worker.ts),
 * so that a layer's changed files are encoded in parallel: the writer schedules the deltas it
 * will want, then takes each when its loop reaches the file. Jobs start in the order
 * scheduled, at most one per thread, and only while the base and target bytes in flight stay
 * within a budget (one job always may start), so memory is bounded by a few files, not the
 * layer. Each job reads its two files only when it starts.
 */
import { availableParallelism } from 'node:os';
import { WorkerPool } from '../workers/pool.js';
/** Base plus target bytes of the jobs in flight, beyond which no further job starts. */
export const DELTA_POOL_BUDGET = 128 * 1024 * 1024;
export class DeltaPool {
    #level;
    #zip;
    #raw;
    #threads;
    #workers;
    #results = new Map();
    #queue = [];
    #running = 0;
    #cost = 0;
    /** `raw`: also the sa delta's raw variant (fileDelta's `raw`). */
    constructor(level, zip, raw = false, threads = Math.min(4, availableParallelism())) {
        this.#level = level;
        this.#zip = zip;
        this.#raw = raw;
        this.#threads = Math.max(1, threads);
    }
    /** Queues the delta of one file against a base; `load` reads (base, target) when the job starts. */
    schedule(target, base, cost, load) {
        const key = `${target} ${base}`;
        if (this.#results.has(key))
            return;
        const result = new Promise((resolve, reject) => this.#queue.push({ cost, load, settle: { resolve, reject } }));
        result.catch(() => { }); // a job nobody takes must not be an unhandled rejection
        this.#results.set(key, result);
        this.#pump();
    }
    /** The scheduled delta of `target` against `base` (undefined when it was not scheduled). */
    take(target, base) {
        const key = `${target} ${base}`;
        const result = this.#results.get(key);
        this.#results.delete(key);
        return result;
    }
    #pump() {
        while (this.#queue.length > 0 && this.#running < this.#threads && (this.#running === 0 || this.#cost + this.#queue[0].cost <= DELTA_POOL_BUDGET)) {
            const job = this.#queue.shift();
            this.#running++;
            this.#cost += job.cost;
            this.#workers ??= new WorkerPool({ script: new URL('./delta-worker.js', import.meta.url), threads: this.#threads, name: 'delta worker' });
            const workers = this.#workers;
            void (async () => {
                try {
                    const [base, target] = await job.load();
                    job.settle.resolve(await workers.run({ base, target, level: this.#level, zip: this.#zip, raw: this.#raw }));
                }
                catch (error) {
                    job.settle.reject(error);
                }
                finally {
                    this.#running--;
                    this.#cost -= job.cost;
                    this.#pump();
                }
            })();
        }
    }
    /** Stops the workers; deltas not yet done reject. Idempotent. */
    async close() {
        for (const job of this.#queue.splice(0))
            job.settle.reject(new Error('delta pool closed'));
        await this.#workers?.close();
    }
}
//# sourceMappingURL=delta-pool.js.map