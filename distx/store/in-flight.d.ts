/**
 * Compression jobs of a write session not yet appended to a pack: bounded by the input bytes
 * they hold (and their count), so that memory stays bounded whatever is being stored.
 */
export declare class InFlight {
    #private;
    /** Keeps a job in flight; waits for the oldest while too many are (a failure of one is thrown here or by drain). */
    add(done: Promise<void>, bytes: number): Promise<void>;
    /** Keeps a job that its caller awaits itself (drain() waits for it too). */
    note(done: Promise<void>): void;
    /**
     * Waits for every job (including those added meanwhile); throws the first failure. Callers at
     * the same time share one wait (one that found the list emptied by another would return
     * early), and each returns only once it sees no job left and no wait under way: a wait about
     * to end may have missed a job added after its last look.
     */
    drain(): Promise<void>;
    /** Waits for every job, failed or not. */
    settle(): Promise<void>;
}
