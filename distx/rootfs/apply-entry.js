/**
 * Applying one tar entry to the tree: umoci's `UnpackEntry` (oci/layer/tar_extract.go), rule
 * by rule, over the in-memory tree (tree.ts) and its mirror.
 *
 * 1. The name is cleaned lexically as if rooted at '/' (`..` and a leading '/' cannot leave
 *    the root). An entry for the root itself must be a directory; its metadata becomes the
 *    root's.
 * 2. The parent part of the name is resolved securejoin-style inside the root; the last
 *    component is never resolved, so an entry replaces a symlink of its name rather than
 *    writing through it.
 * 3. A last component starting with `.wh.` is a whiteout (whatever its type): `.wh..wh..opq`
 *    empties the directory of what lower layers put there, `.wh.NAME` removes NAME unless
 *    this layer created it. `.wh.`, `.wh..` and `.wh...` are refused: they name no sibling.
 * 4. Missing parents are made (0755, root-owned, mtime 0); a non-directory in the way is
 *    replaced by a directory, as current umoci does.
 * 5. Whatever exists at the name is removed first, unless both it and the entry are
 *    directories (the directory stays, its metadata is replaced). So a directory replaced by
 *    a file loses its contents, and a symlink replaced by a directory becomes a real
 *    directory that later entries land in.
 * 6. Hard links resolve their target's parent inside the root and never its last component
 *    (a link to a symlink links the symlink); a missing target, a directory or the root is an
 *    error naming the entry.
 * 7. Metadata (owner, mode, times, xattrs) comes from the header, except for hard links,
 *    which share their target's.
 */
import { BadInputError } from '../errors.js';
import { cleanPath, displayPath, joinParts, toByteString, utf8ByteString } from './byte-paths.js';
import { DirNode } from './tree.js';
/** The prefix that marks a whiteout (OCI image-spec, "layer.md"). */
export const WHITEOUT_PREFIX = '.wh.';
/** The name of an opaque whiteout. */
export const OPAQUE_WHITEOUT = '.wh..wh..opq';
/** The xattr umoci --rootless records owners in (rootless-containers proto). */
export const ROOTLESS_XATTR = 'user.rootlesscontainers';
/**
 * Attributes never set from a layer, as umoci's `ignoreXattrs`: host-specific labels and ACLs,
 * and the overlayfs bookkeeping that means nothing outside an overlay mount.
 */
export const IGNORED_XATTRS = new Set([
    'security.selinux',
    'system.nfs4_acl',
    'trusted.overlay.opaque',
    'trusted.overlay.redirect',
    'trusted.overlay.origin',
    'trusted.overlay.impure',
    'trusted.overlay.nlink',
    'trusted.overlay.upper',
    'trusted.overlay.metacopy',
]);
/** The largest owner id a file system takes ((uid_t)-1 means "unchanged" to chown). */
const MAX_ID = 0xfffffffe;
/** Applies one entry; the caller drains nothing: `data` is read here when it matters. */
export async function applyEntry(context, entry) {
    const { tree, sink, layer } = context;
    const header = entry.header;
    const name = header.name;
    const cleaned = cleanPath(toByteString(header.nameBytes));
    if (cleaned.confined)
        context.warnings.add('confined', `entry ${JSON.stringify(name)} points outside the root: written as /${displayPath(joinParts(cleaned.parts))}`);
    const kind = entryKind(header);
    if (kind === 'skip') {
        context.warnings.add('skipped-type', `entry ${JSON.stringify(name)}: skipped tar entry of type '${header.typeflag}' (not a file)`);
        return;
    }
    if (cleaned.parts.length === 0) {
        if (kind !== 'dir')
            throw new BadInputError(`entry ${JSON.stringify(name)}: refusing to change the type of the root directory`, { path: name });
        tree.root.meta = metadataOf(context, header);
        tree.root.explicit = true;
        return;
    }
    const file = cleaned.parts[cleaned.parts.length - 1];
    const dir = tree.resolve(cleaned.parts.slice(0, -1), name);
    if (file.startsWith(WHITEOUT_PREFIX)) {
        if (file === OPAQUE_WHITEOUT) {
            await tree.whiteout(dir.parts, undefined, layer);
            return;
        }
        const target = file.slice(WHITEOUT_PREFIX.length);
        if (target === '' || target === '.' || target === '..') {
            throw new BadInputError(`entry ${JSON.stringify(name)}: whiteout names no file (${JSON.stringify(target)})`, { path: name });
        }
        await tree.whiteout(dir.parts, target, layer);
        return;
    }
    const parent = await tree.ensureDir(dir.parts, (replaced) => {
        context.warnings.add('replaced-parent', `entry ${JSON.stringify(name)}: replaced the non-directory /${displayPath(replaced)} with a directory`);
    });
    const parts = [...dir.parts, file];
    const path = joinParts(parts);
    const existing = parent.children.get(file);
    if (existing && !(existing.kind === 'dir' && kind === 'dir'))
        await tree.removeChild(parent, file, path);
    switch (kind) {
        case 'dir': {
            const meta = metadataOf(context, header);
            const current = parent.children.get(file);
            if (current?.kind === 'dir') {
                current.meta = meta;
                current.explicit = true;
            }
            else {
                parent.children.set(file, new DirNode(meta, true));
                await tree.mirror.mkdir(path);
            }
            break;
        }
        case 'hardlink': {
            const link = cleanPath(linkTarget(header));
            if (link.parts.length === 0)
                throw new BadInputError(`entry ${JSON.stringify(name)}: hard link to the root directory`, { path: name });
            const linkDir = tree.resolve(link.parts.slice(0, -1), name);
            const linkParts = [...linkDir.parts, link.parts[link.parts.length - 1]];
            const target = tree.nodeAt(linkParts);
            const shown = JSON.stringify(header.linkname);
            if (!target)
                throw new BadInputError(`entry ${JSON.stringify(name)}: hard link target ${shown} does not exist in the tree`, { path: name });
            if (target.kind === 'dir')
                throw new BadInputError(`entry ${JSON.stringify(name)}: hard link target ${shown} is a directory`, { path: name });
            tree.addLeaf(parent, file, target.inode);
            await tree.mirror.link(joinParts(linkParts), path, target.inode);
            break;
        }
        case 'symlink': {
            const target = linkTarget(header);
            if (target === '')
                throw new BadInputError(`entry ${JSON.stringify(name)}: symlink with an empty target`, { path: name });
            const inode = tree.newInode('symlink', metadataOf(context, header));
            inode.target = target;
            tree.addLeaf(parent, file, inode);
            await sink.symlink(path, inode);
            break;
        }
        case 'file': {
            const inode = tree.newInode('file', metadataOf(context, header));
            tree.addLeaf(parent, file, inode);
            await sink.writeFile(path, inode, header, entry.data);
            break;
        }
        default: {
            const inode = tree.newInode(kind, metadataOf(context, header));
            inode.devmajor = header.devmajor;
            inode.devminor = header.devminor;
            tree.addLeaf(parent, file, inode);
            await sink.special(path, inode);
        }
    }
    tree.touch(parts, layer);
}
function entryKind(header) {
    if (header.sparse)
        return 'file';
    switch (header.typeflag) {
        case '0':
        case '7': // contiguous: a regular file everywhere but on a few old systems
            return 'file';
        case '1':
            return 'hardlink';
        case '2':
            return 'symlink';
        case '3':
            return 'char';
        case '4':
            return 'block';
        case '5':
        case 'D': // GNU dump directory: a directory and the list of its names, which is not needed
            return 'dir';
        case '6':
            return 'fifo';
        case 'V': // volume label: names the archive, not a file
            return 'skip';
        default:
            throw new BadInputError(`entry ${JSON.stringify(header.name)}: unsupported tar entry type '${header.typeflag}'`, { path: header.name });
    }
}
/**
 * The link target's bytes. XXX: TarHeader carries the decoded `linkname` only; it is UTF-8
 * when the archive's bytes were valid UTF-8 (then this is exact) and ISO-8859-1 otherwise,
 * which this re-encodes as UTF-8 — a non-UTF-8 target does not come out byte for byte.
 */
function linkTarget(header) {
    const raw = header.linknameBytes;
    return raw !== undefined ? toByteString(raw) : utf8ByteString(header.linkname);
}
function metadataOf(context, header) {
    const name = header.name;
    for (const [what, id] of [['uid', header.uid], ['gid', header.gid]]) {
        if (!Number.isSafeInteger(id) || id < 0 || id > MAX_ID)
            throw new BadInputError(`entry ${JSON.stringify(name)}: ${what} ${id} is out of range`, { path: name });
    }
    const xattrs = new Map();
    for (const [key, value] of Object.entries(header.xattrs)) {
        if (IGNORED_XATTRS.has(key)) {
            context.warnings.add(`ignored-xattr:${key}`, `ignored the host-specific xattr ${key} (first on ${JSON.stringify(name)})`);
            continue;
        }
        if (key === ROOTLESS_XATTR) {
            if (context.rootless) {
                context.warnings.add('rootless-xattr', `ignored ${ROOTLESS_XATTR} stored in the layer (first on ${JSON.stringify(name)}): rootless export writes its own`);
                continue;
            }
            context.warnings.add('rootless-xattr', `suspicious layer: ${ROOTLESS_XATTR} stored in the layer (first on ${JSON.stringify(name)}), kept as it is`);
        }
        xattrs.set(key, value);
    }
    return {
        mode: header.mode & 0o7777,
        uid: header.uid,
        gid: header.gid,
        mtime: header.mtime,
        atime: header.atime ?? header.mtime,
        xattrs,
    };
}
//# sourceMappingURL=apply-entry.js.map