/**
 * Members of an image archive: their paths, confined to the archive, and links between them.
 * `docker save` writes a layer it has saved already as a symlink to the first copy, so a link
 * (symbolic or hard) whose target is a regular file inside the archive stands for that file;
 * a link that leads out of the archive, or to nothing, stands for nothing.
 */
import { link, copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, normalize, posix } from 'node:path';
import { BadInputError } from '../errors.js';
/** Safe relative path of an archive member, or undefined for the archive root. */
export function memberPath(name, archive) {
    const trimmed = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (trimmed === '' || trimmed === '.')
        return undefined;
    const normal = normalize(trimmed);
    if (normal.startsWith('/') || normal === '..' || normal.startsWith('../') || trimmed.split('/').includes('..')) {
        throw new BadInputError(`${archive}: member ${JSON.stringify(name)} points outside the archive`, { path: archive });
    }
    return normal;
}
/** The member a link points to, or undefined when it points out of the archive. */
export function linkTarget(member, linkname, hard) {
    if (linkname.startsWith('/'))
        return undefined;
    // A hard link names its target from the archive root; a symlink from its own directory.
    const joined = posix.normalize(hard ? linkname.replace(/^(\.\/)+/, '') : posix.join(posix.dirname(member), linkname));
    if (joined === '..' || joined.startsWith('../') || joined === '.' || joined === '')
        return undefined;
    return joined.replace(/\/+$/, '');
}
const MAX_HOPS = 16;
/**
 * Gives each link member whose chain ends at an unpacked regular file the content of that
 * file (a hard link on disk, else a copy). `links` maps a link member to its target member
 * (undefined: outside the archive); `files` holds the regular members unpacked in `dir`.
 */
export async function materializeLinks(dir, links, files) {
    for (const member of links.keys()) {
        let current = member;
        for (let hops = 0; current !== undefined && links.has(current) && hops < MAX_HOPS; hops++)
            current = links.get(current);
        if (current === undefined || !files.has(current))
            continue;
        const from = join(dir, current);
        const to = join(dir, member);
        if (files.has(member))
            continue; // a later regular member of the same name wins
        await mkdir(dirname(to), { recursive: true });
        await link(from, to).catch(() => copyFile(from, to));
        files.add(member);
    }
}
//# sourceMappingURL=archive-members.js.map