import type { ProgressEvent, Store } from '../store/index.js';
export type IngestBytesEvent = Extract<ProgressEvent, {
    type: 'ingest:bytes';
}>;
/** What ingest will read of each path, in order. A path that cannot be read counts 0 (reading it fails later, with the usual message). */
export declare function inputShares(store: Store, paths: readonly string[]): Promise<number[]>;
/** Counts bytes read into `ingest:bytes` events; see the module comment. */
export declare class IngestProgress {
    #private;
    readonly total: number;
    constructor(shares: readonly number[], emit: (event: IngestBytesEvent) => void);
    /** The first event: nothing done yet, and the total. */
    start(): void;
    /** The next input begins; `share` of the total is its. */
    beginInput(share: number): void;
    /** `bytes` more of the current input were read. */
    add(bytes: number): void;
    /** The current input is done: whatever of its share was not read counts as done. */
    endInput(): void;
}
