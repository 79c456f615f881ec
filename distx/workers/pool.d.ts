/** Workers that may die in a row, with no job answered between, before a dead one is no longer replaced. */
export declare const MAX_RESTARTS = 3;
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
export declare class WorkerPool<J, R> {
    #private;
    readonly name: string;
    constructor(options: WorkerPoolOptions);
    /** Workers in rotation. */
    get threads(): number;
    /** Runs a job on the next worker in rotation. */
    run(job: J, transfer?: readonly ArrayBuffer[]): Promise<R>;
    /** A lane on the next worker in rotation. */
    lane(): Lane<J, R>;
    /** Stops every worker; jobs in flight and later ones reject. Idempotent. */
    close(): Promise<void>;
}
