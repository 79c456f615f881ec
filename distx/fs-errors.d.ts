/** Why a file-system call failed, as a short phrase. */
export declare function fsReason(cause: unknown): string;
/** The errno code of a failed file-system call, if it has one. */
export declare function fsCode(cause: unknown): string | undefined;
