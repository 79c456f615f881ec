/**
 * Compression jobs of a write session not yet appended to a pack: bounded by the input bytes
 * they hold (and their count), so that memory stays bounded whatever is being stored.
 */

/** Chunk bytes handed to the compressors and not yet appended, at most (beyond one batch). */
const IN_FLIGHT_BYTES = 8 << 20;
const IN_FLIGHT_JOBS = 32;

export class InFlight {
  #jobs: { done: Promise<void>; bytes: number }[] = [];
  #bytes = 0;
  #draining: Promise<void> | undefined;

  /**
   * Keeps a job in flight; waits for the oldest while too many are (a failure of one is thrown
   * here or by drain). A job's bytes count until it leaves the list, whoever takes it out (this
   * wait, another add's, or a drain() at the same time), so that the wait never finds bytes
   * counted and no job to wait for.
   */
  async add(done: Promise<void>, bytes: number): Promise<void> {
    done.catch(() => undefined); // awaited here or by drain(); this only keeps a failure from going unhandled meanwhile
    this.#jobs.push({ done, bytes });
    this.#bytes += bytes;
    while (this.#bytes > IN_FLIGHT_BYTES || this.#jobs.length > IN_FLIGHT_JOBS) {
      // Awaited before it leaves the list, so that a drain() meanwhile waits for it too.
      const oldest = this.#jobs[0]!;
      await oldest.done;
      if (this.#jobs[0] === oldest) {
        this.#jobs.shift();
        this.#bytes -= oldest.bytes;
      }
    }
  }

  /** Keeps a job that its caller awaits itself (drain() waits for it too). */
  note(done: Promise<void>): void {
    done.catch(() => undefined);
    this.#jobs.push({ done, bytes: 0 });
  }

  /**
   * Waits for every job (including those added meanwhile); throws the first failure. Callers at
   * the same time share one wait (one that found the list emptied by another would return
   * early), and each returns only once it sees no job left and no wait under way: a wait about
   * to end may have missed a job added after its last look.
   */
  async drain(): Promise<void> {
    while (this.#jobs.length > 0 || this.#draining) {
      this.#draining ??= (async () => {
        try {
          while (this.#jobs.length > 0) await Promise.all(this.#takeAll().map((j) => j.done));
        } finally {
          this.#draining = undefined;
        }
      })();
      await this.#draining;
    }
  }

  /** Waits for every job, failed or not. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.#takeAll().map((j) => j.done));
  }

  /** Every job, out of the list, and their bytes out of the count. */
  #takeAll(): { done: Promise<void>; bytes: number }[] {
    const jobs = this.#jobs.splice(0);
    for (const job of jobs) this.#bytes -= job.bytes;
    return jobs;
  }
}
