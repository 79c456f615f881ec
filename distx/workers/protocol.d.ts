/**
 * The messages between a WorkerPool (pool.ts) and its workers (serve.ts): a job goes in with
 * an id, one reply comes back with the same id, carrying the result or the error the job threw.
 */
/** Main thread to worker. */
export interface JobMessage<J> {
    id: number;
    job: J;
}
/** An error thrown by a job, as it crosses to the main thread. */
export interface JobFailure {
    name: string;
    message: string;
    /** A CairnError's code, when the job threw one. */
    code?: string;
    stack?: string;
}
/** Worker to main thread. */
export type ReplyMessage<R> = {
    id: number;
    ok: true;
    result: R;
} | {
    id: number;
    ok: false;
    error: JobFailure;
};
/** What a job handler returns: the result, and the buffers in it to transfer instead of copy. */
export interface JobResult<R> {
    result: R;
    transfer?: readonly ArrayBuffer[];
}
