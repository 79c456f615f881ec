/**
 * The worker side of a WorkerPool: runs each job the pool sends through one handler, in the
 * order sent, and answers every job exactly once, with the result or the error it threw. An
 * error that escapes anyway (one thrown outside a job) ends the worker; the pool then fails
 * that worker's jobs and replaces it.
 */
import { parentPort } from 'node:worker_threads';
function failureOf(error) {
    if (!(error instanceof Error))
        return { name: 'Error', message: String(error) };
    const failure = { name: error.name, message: error.message };
    const code = error.code;
    if (typeof code === 'string')
        failure.code = code;
    if (error.stack !== undefined)
        failure.stack = error.stack;
    return failure;
}
/** Serves jobs on this worker thread with `handle` (synchronous: jobs run one at a time, in order). */
export function serveJobs(handle) {
    const port = parentPort;
    if (!port)
        throw new TypeError('serveJobs: not on a worker thread');
    port.on('message', ({ id, job }) => {
        let reply;
        try {
            reply = handle(job);
        }
        catch (error) {
            port.postMessage({ id, ok: false, error: failureOf(error) });
            return;
        }
        try {
            port.postMessage({ id, ok: true, result: reply.result }, reply.transfer ?? []);
        }
        catch (error) {
            // The result could not be sent (not cloneable): the job still gets an answer.
            port.postMessage({ id, ok: false, error: failureOf(error) });
        }
    });
}
//# sourceMappingURL=serve.js.map