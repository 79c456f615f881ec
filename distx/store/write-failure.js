/**
 * Naming why a write failed. A full disk shows up as ENOSPC from node:fs, or as a LevelDB
 * "IO error: …: No space left on device" wrapped in a cause chain; either becomes one line,
 * "no space left on STORE", instead of the internal file that happened to be written.
 */
import { CairnError } from '../errors.js';
/** Whether an error (or any error in its cause chain) is a full disk. */
export function isNoSpace(error) {
    for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
        if (e.code === 'ENOSPC' || /no space left on device/i.test(e.message))
            return true;
    }
    return false;
}
/** The error to report for a failed write to the store at `root`: a full disk is named as such. */
export function nameWriteFailure(error, root, what) {
    if (!isNoSpace(error))
        return error;
    return new CairnError('CAIRN_IO', `no space left on ${root}${what ? `: ${what}` : ''}`, { path: root, cause: error });
}
//# sourceMappingURL=write-failure.js.map