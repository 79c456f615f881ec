"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LISTING_FILE = void 0;
exports.storeStamp = storeStamp;
exports.readListing = readListing;
exports.writeListing = writeListing;
/**
 * The listing cache, STORE/listing.json: what `cairn ls` prints about every image, written by
 * each close of the store and read without opening it, so that a plain `cairn ls` loads
 * neither LevelDB nor the store's modules (src/cli/fast-ls.cts). CommonJS so that the `cairn`
 * entry can use it before any ES module loads.
 *
 * The file is trusted only while the index and the store file are exactly as they were when it
 * was written: it carries a stamp of cairn-store.json (its bytes) and of every file of the index
 * but LevelDB's lock and info logs (name, size, mtime in ns, inode). LevelDB starts a new log and a
 * new manifest whenever it opens, and appends to the log on every write, so any later open of
 * the store (by any cairn version, whether it closed or crashed) or any write to the index makes
 * the stamp stale, as does a damaged, truncated or deleted table or a changed store file; `cairn
 * ls` then opens the store as before, and says what is wrong with it. It is speed only: deleting
 * it loses nothing.
 */
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
exports.LISTING_FILE = 'listing.json';
const FORMAT = 'cairn-listing-1';
/**
 * What identifies the state of the store at `root`: the store file's content, and the name,
 * size, mtime and inode of every file of its index (throws when either is missing). The store
 * file is small and can be rewritten within one tick of the file system's clock at the same
 * size, so its bytes are compared; LevelDB's files only grow or are replaced by new ones.
 */
function storeStamp(root) {
    const index = (0, node_path_1.join)(root, 'index');
    const parts = [(0, node_fs_1.readFileSync)((0, node_path_1.join)(root, 'cairn-store.json'), 'utf8')];
    for (const name of (0, node_fs_1.readdirSync)(index).sort()) {
        if (name === 'LOCK' || name === 'LOG' || name === 'LOG.old')
            continue;
        const s = (0, node_fs_1.statSync)((0, node_path_1.join)(index, name), { bigint: true });
        parts.push(`${name}:${s.size}:${s.mtimeNs}:${s.ino}`);
    }
    parts.push((0, node_fs_1.readFileSync)((0, node_path_1.join)(index, 'CURRENT'), 'utf8'));
    return parts.join('\n');
}
const isDigest = (v) => typeof v === 'string' && /^sha256:[0-9a-f]{64}$/.test(v);
function isListedImage(v) {
    const i = v;
    return typeof v === 'object' && v !== null && isDigest(i.manifest) && isDigest(i.config)
        && Array.isArray(i.layers) && i.layers.every(isDigest) && Array.isArray(i.names) && i.names.every((n) => typeof n === 'string');
}
/**
 * The listing of the store at `root`, or undefined when there is none, it does not parse, or
 * its stamp is not the store's (`stale: true` skips that check: image entries are immutable by
 * manifest digest, so a stale listing still tells an image's config and layers).
 */
function readListing(root, options = {}) {
    try {
        const file = JSON.parse((0, node_fs_1.readFileSync)((0, node_path_1.join)(root, exports.LISTING_FILE), 'utf8'));
        if (file.format !== FORMAT || !Array.isArray(file.images) || !file.images.every(isListedImage))
            return undefined;
        if (options.stale !== true && file.stamp !== storeStamp(root))
            return undefined;
        return file.images;
    }
    catch {
        return undefined;
    }
}
/** Writes the listing (a temporary file renamed into place), stamped with the store as it is now. */
function writeListing(root, images) {
    const path = (0, node_path_1.join)(root, exports.LISTING_FILE);
    const temporary = `${path}.tmp`;
    try {
        (0, node_fs_1.writeFileSync)(temporary, JSON.stringify({ format: FORMAT, stamp: storeStamp(root), images }));
        (0, node_fs_1.renameSync)(temporary, path);
    }
    catch (error) {
        (0, node_fs_1.rmSync)(temporary, { force: true });
        throw error;
    }
}
//# sourceMappingURL=listing-cache.cjs.map