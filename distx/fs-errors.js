/**
 * File-system failures in words: the reason a read or write failed, without errno names or
 * the paths Node puts in its messages (which may be temporary files the user never named).
 */
const REASONS = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a part of the path is not a directory',
    EISDIR: 'it is a directory',
    EEXIST: 'it already exists',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many levels of symbolic links',
    EIO: 'input/output error',
};
/** Why a file-system call failed, as a short phrase. */
export function fsReason(cause) {
    const code = cause?.code;
    return (code !== undefined ? REASONS[code] : undefined) ?? 'the file system refused it';
}
/** The errno code of a failed file-system call, if it has one. */
export function fsCode(cause) {
    return cause?.code;
}
//# sourceMappingURL=fs-errors.js.map