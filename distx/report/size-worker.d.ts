/** What the main thread asks a worker (data is a copy, transferred). */
export type SizeJob = {
    op: 'chunk';
    data: Uint8Array;
    level: number;
} | {
    op: 'open';
    stream: number;
    level: number;
    pledged: number | undefined;
} | {
    op: 'update';
    stream: number;
    data: Uint8Array;
} | {
    op: 'end';
    stream: number;
};
