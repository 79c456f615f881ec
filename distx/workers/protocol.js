/**
 * The messages between a WorkerPool (pool.ts) and its workers (serve.ts): a job goes in with
 * an id, one reply comes back with the same id, carrying the result or the error the job threw.
 */
export {};
//# sourceMappingURL=protocol.js.map