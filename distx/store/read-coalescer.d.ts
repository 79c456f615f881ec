/**
 * Record reads gathered into batches worth a hand-off to the decompression worker. A layer's
 * medium files (one or two chunks each) are read one file per call, each too small to pay for
 * a job of its own; such calls wait and go out together, once they add up to `minBytes` or
 * once this thread has nothing else to do (setImmediate). A call of `minBytes` or more goes
 * out at once.
 */
import type { RecordLocation } from '../pack/index.js';
export type Wanted = {
    location: RecordLocation;
    hex: string;
};
export declare class ReadCoalescer {
    #private;
    /** `read` reads and decodes a batch; calls of `minBytes` (decoded) or more go out alone. */
    constructor(read: (wanted: readonly Wanted[]) => Promise<Buffer[]>, minBytes: number);
    read(wanted: readonly Wanted[]): Promise<Buffer[]>;
}
