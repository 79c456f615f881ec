/**
 * Index lookups coalesced: while one getMany is in flight, the lookups asked for meanwhile wait
 * and then go out together as one. Storing many small files at once otherwise costs one
 * LevelDB round trip (a snapshot, a thread-pool hop) per file; a lone lookup goes out at once.
 */
import type { IndexDb } from './index-db.js';

type Value = Uint8Array | undefined;

interface Waiting {
  keys: string[];
  resolve: (values: Value[]) => void;
  reject: (error: unknown) => void;
}

export class LookupBatcher {
  readonly #db: IndexDb;
  #waiting: Waiting[] = [];
  #busy = false;

  constructor(db: IndexDb) {
    this.#db = db;
  }

  /** The values of `keys` (undefined where absent), in order. */
  getMany(keys: string[]): Promise<Value[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ keys, resolve, reject });
      if (!this.#busy) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#busy = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        const values = await this.#db.getMany(batch.flatMap((w) => w.keys));
        let at = 0;
        for (const w of batch) {
          w.resolve(values.slice(at, at + w.keys.length));
          at += w.keys.length;
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#busy = false;
  }
}
