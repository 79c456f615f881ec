/**
 * Record reads gathered into batches worth a hand-off to the decompression worker. A layer's
 * medium files (one or two chunks each) are read one file per call, each too small to pay for
 * a job of its own; such calls wait and go out together, once they add up to `minBytes` or
 * once this thread has nothing else to do (setImmediate). A call of `minBytes` or more goes
 * out at once.
 */
import type { RecordLocation } from '../pack/index.js';

export type Wanted = { location: RecordLocation; hex: string };

interface Waiting {
  wanted: readonly Wanted[];
  resolve: (records: Buffer[]) => void;
  reject: (error: unknown) => void;
}

export class ReadCoalescer {
  readonly #read: (wanted: readonly Wanted[]) => Promise<Buffer[]>;
  readonly #minBytes: number;
  #waiting: Waiting[] = [];
  #bytes = 0;
  #scheduled = false;

  /** `read` reads and decodes a batch; calls of `minBytes` (decoded) or more go out alone. */
  constructor(read: (wanted: readonly Wanted[]) => Promise<Buffer[]>, minBytes: number) {
    this.#read = read;
    this.#minBytes = minBytes;
  }

  read(wanted: readonly Wanted[]): Promise<Buffer[]> {
    let bytes = 0;
    for (const { location } of wanted) bytes += location.uncompressedLength;
    if (bytes >= this.#minBytes) return this.#read(wanted);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ wanted, resolve, reject });
      this.#bytes += bytes;
      if (this.#bytes >= this.#minBytes) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#flush();
        });
      }
    });
  }

  #flush(): void {
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    this.#bytes = 0;
    this.#read(batch.flatMap((w) => w.wanted)).then((records) => {
      let at = 0;
      for (const w of batch) {
        w.resolve(records.slice(at, at + w.wanted.length));
        at += w.wanted.length;
      }
    }, (error: unknown) => {
      for (const w of batch) w.reject(error);
    });
  }
}
