/** Whether an error (or any error in its cause chain) is a full disk. */
export declare function isNoSpace(error: unknown): boolean;
/** The error to report for a failed write to the store at `root`: a full disk is named as such. */
export declare function nameWriteFailure(error: unknown, root: string, what?: string): unknown;
