/**
 * A data job's bytes are `length` bytes at `offset` in the session's ring. `marks` are offsets
 * into them, in order, alternately where a marked file begins and where it ends (a file may
 * begin in one job and end in a later one).
 */
export type HashJob = {
    op: 'open';
    session: number;
    ring: SharedArrayBuffer;
} | {
    op: 'data';
    session: number;
    offset: number;
    length: number;
    marks: number[];
} | {
    op: 'end';
    session: number;
} | {
    op: 'drop';
    session: number;
};
/** Hex sha256s: of the files that ended in a data job, in order; of the whole stream for end. */
export type HashReply = string[];
