/**
 * Checks on the paths a command will write, made before any work so that a bad target is one
 * sentence and exit 2 (never an errno code or a temporary name from half-way through).
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BadInputError } from '../errors.js';
async function kind(path) {
    try {
        const info = await stat(path);
        return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'other';
    }
    catch {
        return 'missing';
    }
}
/** A file to be written (replaced if it exists): its directory must exist, and it must not be a directory. */
export async function checkOutputFile(path, option) {
    const parent = dirname(path);
    const parentKind = await kind(parent);
    if (parentKind === 'missing')
        throw new BadInputError(`${option} ${path}: no directory ${parent} (make it first)`, { path });
    if (parentKind !== 'directory')
        throw new BadInputError(`${option} ${path}: ${parent} is not a directory`, { path });
    const own = await kind(path);
    if (own === 'directory')
        throw new BadInputError(`${option} ${path}: is a directory; give a file name`, { path });
    if (own === 'other')
        throw new BadInputError(`${option} ${path}: not a regular file`, { path });
}
/** A directory to be written into (made if missing): it must not be a file. */
export async function checkOutputDirectory(path, what) {
    const own = await kind(path);
    if (own === 'file' || own === 'other')
        throw new BadInputError(`${what} ${path}: not a directory`, { path });
}
//# sourceMappingURL=targets.js.map