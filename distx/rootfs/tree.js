/**
 * The tree being built, in memory: every directory, every name and the inode behind it, as
 * the layers applied so far have left them. It is the export's memory of what `lstat` would
 * say inside the target directory — the export is the only writer there and the tree starts
 * empty, so the two agree — and it is what makes the rules cheap and exact:
 *
 * - Resolving a path works like umoci's securejoin (`SecureJoinVFS`): components are taken
 *   one by one, a symlink met on the way is expanded (an absolute target restarts at the
 *   root), `..` removes the last resolved component and stops at the root, a name that does
 *   not exist (or lies under a non-directory) is taken as a plain name, and more than 255
 *   expansions is a loop. Whatever a link says, the result is a path inside the root made of
 *   real directories only; the last component of an entry's own name is never resolved.
 * - Upper paths: each name an entry of the current layer created or passed through is marked
 *   with the layer's number, so that a whiteout does not remove what its own layer added
 *   (umoci's `ociWhiteout`), but does go on into such a directory to remove what lower layers
 *   left there.
 * - Hard links share one `Inode`; removing a name unlinks it from its inode.
 *
 * Every change is handed to a `TreeMirror` at the moment it happens in the model, so the
 * file system (or the flattened tar's content index) follows the same steps.
 */
import { BadInputError } from '../errors.js';
import { displayPath, joinParts } from './byte-paths.js';
/** One file system object that names (hard links) point to. */
export class Inode {
    id;
    kind;
    meta;
    /** Size of a regular file's content (its real size when sparse). */
    size = 0;
    /** Symlink target, verbatim. */
    target = '';
    devmajor = 0;
    devminor = 0;
    content;
    /** Whether the object exists on disk yet (device nodes and fifos are made at the end). */
    onDisk = false;
    /** Names that point to it. */
    links = 0;
    constructor(id, kind, meta) {
        this.id = id;
        this.kind = kind;
        this.meta = meta;
    }
}
export class DirNode {
    meta;
    explicit;
    kind = 'dir';
    children = new Map();
    /** Layer number of the last entry that created or passed through this name (-1: none). */
    touched = -1;
    /** `explicit`: some entry described this directory; else it was made as a missing parent. */
    constructor(meta, explicit) {
        this.meta = meta;
        this.explicit = explicit;
    }
}
export class LeafNode {
    inode;
    kind = 'leaf';
    touched = -1;
    constructor(inode) {
        this.inode = inode;
    }
}
/** securejoin's bound on symlink expansions while resolving one path. */
export const MAX_SYMLINK_EXPANSIONS = 255;
/** Default metadata of the root and of directories made as missing parents: 0755, root-owned, epoch. */
export function implicitDirMetadata() {
    return { mode: 0o755, uid: 0, gid: 0, mtime: 0, atime: 0, xattrs: new Map() };
}
export class RootfsTree {
    mirror;
    root = new DirNode(implicitDirMetadata(), false);
    #nextInode = 1;
    constructor(mirror) {
        this.mirror = mirror;
    }
    newInode(kind, meta) {
        return new Inode(this.#nextInode++, kind, meta);
    }
    /**
     * Resolves `parts` as securejoin does (see the module comment). `entry` names the tar entry
     * for the error a symlink loop raises.
     */
    resolve(parts, entry) {
        const pending = parts.slice().reverse();
        const resolved = [];
        const nodes = [];
        let expansions = 0;
        while (pending.length > 0) {
            const part = pending.pop();
            if (part === '' || part === '.')
                continue;
            if (part === '..') {
                resolved.pop();
                nodes.pop();
                continue;
            }
            const parent = nodes.length === 0 ? this.root : nodes[nodes.length - 1];
            const node = parent?.kind === 'dir' ? parent.children.get(part) : undefined;
            if (node?.kind === 'leaf' && node.inode.kind === 'symlink') {
                if (++expansions > MAX_SYMLINK_EXPANSIONS) {
                    throw new BadInputError(`entry ${JSON.stringify(entry)}: too many levels of symbolic links at ${JSON.stringify(displayPath(joinParts([...resolved, part])))}`, { path: entry });
                }
                const target = node.inode.target;
                if (target.startsWith('/')) {
                    resolved.length = 0;
                    nodes.length = 0;
                }
                const targetParts = target.split('/');
                for (let i = targetParts.length - 1; i >= 0; i--)
                    pending.push(targetParts[i]);
                continue;
            }
            resolved.push(part);
            nodes.push(node);
        }
        return { parts: resolved, node: nodes.length === 0 ? this.root : nodes[nodes.length - 1] };
    }
    /** The node at resolved components (no symlink is followed), or undefined. */
    nodeAt(parts) {
        let node = this.root;
        for (const part of parts) {
            if (node?.kind !== 'dir')
                return undefined;
            node = node.children.get(part);
        }
        return node;
    }
    /**
     * Makes every missing directory of `parts` (resolved components), as umoci's `mkdirAll`
     * does: a non-directory in the way is removed and replaced by a directory. Calls
     * `onReplace` with the path of each one replaced.
     */
    async ensureDir(parts, onReplace) {
        let dir = this.root;
        for (let i = 0; i < parts.length; i++) {
            const name = parts[i];
            const child = dir.children.get(name);
            if (child?.kind === 'dir') {
                dir = child;
                continue;
            }
            const path = joinParts(parts.slice(0, i + 1));
            if (child) {
                onReplace(path);
                await this.removeChild(dir, name, path);
            }
            const made = new DirNode(implicitDirMetadata(), false);
            dir.children.set(name, made);
            await this.mirror.mkdir(path);
            dir = made;
        }
        return dir;
    }
    /** Removes `name` from `dir` (recursively), on disk too; `path` is its full relative path. */
    async removeChild(dir, name, path) {
        const node = dir.children.get(name);
        if (!node)
            return;
        await this.mirror.remove(path, node);
        dir.children.delete(name);
        unlinkAll(node);
    }
    /** Adds a new name `name` in `dir` for `inode`. */
    addLeaf(dir, name, inode) {
        const leaf = new LeafNode(inode);
        inode.links++;
        dir.children.set(name, leaf);
        return leaf;
    }
    /** Marks the names along `parts` (resolved) as touched by `layer`. */
    touch(parts, layer) {
        let node = this.root;
        for (const part of parts) {
            if (node?.kind !== 'dir')
                return;
            node = node.children.get(part);
            if (node)
                node.touched = layer;
        }
    }
    /**
     * umoci's OCI whiteout: removes `name` in the directory at `dirParts`, or with `opaque`
     * everything in that directory, except what `layer` itself created or passed through —
     * into such directories it goes on, removing what lower layers left there.
     */
    async whiteout(dirParts, name, layer) {
        const dirNode = this.nodeAt(dirParts);
        if (name === undefined) {
            // Opaque: the directory itself stays; a non-directory has no contents to clear.
            if (dirNode?.kind === 'dir')
                await this.#clearLower(dirNode, joinParts(dirParts), layer);
            return;
        }
        if (dirNode?.kind !== 'dir')
            return;
        const node = dirNode.children.get(name);
        if (!node)
            return;
        const path = joinParts([...dirParts, name]);
        if (node.touched !== layer)
            await this.removeChild(dirNode, name, path);
        else if (node.kind === 'dir')
            await this.#clearLower(node, path, layer);
    }
    async #clearLower(dir, path, layer) {
        for (const [name, child] of [...dir.children]) {
            const childPath = path === '' ? name : `${path}/${name}`;
            if (child.touched !== layer)
                await this.removeChild(dir, name, childPath);
            else if (child.kind === 'dir')
                await this.#clearLower(child, childPath, layer);
        }
    }
    /** Every name in the tree with its relative path, parents before children, the root first (path ''). */
    *walk() {
        const stack = [{ path: '', node: this.root }];
        while (stack.length > 0) {
            const item = stack.pop();
            yield item;
            if (item.node.kind === 'dir') {
                const children = [...item.node.children].reverse();
                for (const [name, child] of children)
                    stack.push({ path: item.path === '' ? name : `${item.path}/${name}`, node: child });
            }
        }
    }
}
/** Drops the links of every name under `node` (it has left the tree). */
function unlinkAll(node) {
    if (node.kind === 'leaf') {
        node.inode.links--;
        return;
    }
    for (const child of node.children.values())
        unlinkAll(child);
}
//# sourceMappingURL=tree.js.map