/**
 * The end of a rootfs export into a directory, on the export's thread once the writer thread
 * has written every file (disk-writer.ts): device nodes and fifos (special-files.ts), owners
 * and modes of directories (deepest first), every extended attribute in one setfattr run
 * (xattr-batch.ts), and last the directories' times, so that nothing written later moves them.
 * Rootless, names owned by others record their owner in `user.rootlesscontainers`, device nodes
 * are empty files, and a directory its owner cannot enter gets its mode after the attributes
 * under it are set.
 */
import { chmodSync, closeSync, constants, lchownSync, linkSync, lutimesSync, openSync, utimesSync } from 'node:fs';
import { displayPath } from './byte-paths.js';
import { ROOTLESS_XATTR } from './apply-entry.js';
import { rootlessOwnerXattr } from './rootless-owner.js';
import { makeSpecialNodes } from './special-files.js';
import { applyXattrs } from './xattr-batch.js';
const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OWNER_RWX = 0o700;
/** Node turns a negative number of seconds into "now"; a numeric string passes as it is. */
function timeArg(seconds) {
    return seconds < 0 ? String(seconds) : seconds;
}
/** Device nodes and fifos, extended attributes, directory metadata (deepest first): once everything else is on disk. */
export function finishTree(tree, options) {
    const self = new Finisher(options);
    const dirs = [];
    const inodePaths = new Map();
    for (const { path, node } of tree.walk()) {
        if (node.kind === 'dir')
            dirs.push({ path, dir: node });
        else {
            const paths = inodePaths.get(node.inode);
            if (paths)
                paths.push(path);
            else
                inodePaths.set(node.inode, [path]);
        }
    }
    self.makeSpecials(inodePaths);
    const deferred = [];
    for (let i = dirs.length - 1; i >= 0; i--) {
        const { path, dir } = dirs[i];
        const at = self.bytes(path);
        if (!self.rootless)
            lchownSync(at, dir.meta.uid, dir.meta.gid);
        // Rootless, a directory the owner cannot enter waits until the attributes under it are set.
        if (!self.rootless || (dir.meta.mode & OWNER_RWX) === OWNER_RWX)
            chmodSync(at, dir.meta.mode);
        else
            deferred.push(dirs[i]);
    }
    const targets = [];
    let recordedOwners = 0;
    const addTarget = (path, meta) => {
        let xattrs = meta.xattrs;
        if (self.rootless) {
            const owner = rootlessOwnerXattr(meta.uid, meta.gid);
            if (owner) {
                xattrs = new Map([...xattrs, [ROOTLESS_XATTR, owner]]);
                recordedOwners++;
            }
        }
        if (xattrs.size > 0)
            targets.push({ path: self.absolute(path), shown: '/' + displayPath(path), xattrs });
    };
    for (const { path, dir } of dirs)
        addTarget(path, dir.meta);
    for (const [inode, paths] of inodePaths)
        addTarget(paths[0], inode.meta);
    if (recordedOwners > 0) {
        self.warnings.add('rootless-owners', `rootless: owners not applied; ${recordedOwners} file(s) owned by other users record their owner in ${ROOTLESS_XATTR}`);
    }
    applyXattrs(targets, self.warnings);
    for (const { path, dir } of deferred)
        chmodSync(self.bytes(path), dir.meta.mode);
    for (let i = dirs.length - 1; i >= 0; i--) {
        const { path, dir } = dirs[i];
        utimesSync(self.bytes(path), timeArg(dir.meta.atime), timeArg(dir.meta.mtime));
    }
}
class Finisher {
    root;
    rootless;
    warnings;
    constructor(options) {
        this.root = options.root;
        this.rootless = options.rootless;
        this.warnings = options.warnings;
    }
    absolute(path) {
        return path === '' ? this.root : `${this.root}/${path}`;
    }
    bytes(path) {
        return Buffer.from(this.absolute(path), 'latin1');
    }
    makeSpecials(inodePaths) {
        const wanted = [];
        const placeholders = [];
        for (const [inode, paths] of inodePaths) {
            if (inode.onDisk || inode.kind === 'file' || inode.kind === 'symlink')
                continue;
            const node = { path: this.absolute(paths[0]), inode };
            if (this.rootless && inode.kind !== 'fifo') {
                placeholders.push(node);
                this.warnings.add('rootless-device', `rootless: device ${JSON.stringify('/' + displayPath(paths[0]))} (${inode.kind} ${inode.devmajor}:${inode.devminor}) made as an empty file, as umoci --rootless does`);
            }
            else
                wanted.push(node);
        }
        const { failed, message } = makeSpecialNodes(wanted);
        for (const node of failed) {
            placeholders.push(node);
            const shown = displayPath(node.path.slice(this.root.length + 1));
            this.warnings.add('device-denied', `cannot make device node ${JSON.stringify('/' + shown)} (${node.inode.kind} ${node.inode.devmajor}:${node.inode.devminor}; needs CAP_MKNOD: ${message}): made an empty file in its place`);
        }
        const isPlaceholder = new Set(placeholders.map((p) => p.inode));
        for (const node of placeholders)
            closeSync(openSync(Buffer.from(node.path, 'latin1'), CREATE_FILE, 0o600));
        for (const node of [...wanted.filter((n) => !isPlaceholder.has(n.inode)), ...placeholders]) {
            node.inode.onDisk = true;
            const at = Buffer.from(node.path, 'latin1');
            const paths = inodePaths.get(node.inode);
            for (const other of paths.slice(1))
                linkSync(at, this.bytes(other));
            const meta = node.inode.meta;
            if (!this.rootless)
                lchownSync(at, meta.uid, meta.gid);
            chmodSync(at, meta.mode);
            lutimesSync(at, timeArg(meta.atime), timeArg(meta.mtime));
        }
    }
}
//# sourceMappingURL=tree-finish.js.map