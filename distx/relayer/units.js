/**
 * A version's tree as units: what re-layering places as a whole. A unit is one name (a
 * directory, a symlink, a device, a fifo, a file with one name) or every name of one inode
 * (hard links: they must land in one layer). Its key is its first path in byte order; its
 * entries are the tar framing and payload it writes (encoded once, from the original headers:
 * entry-header.ts); its signature is the sha256 of those, so a unit "changed" between two
 * versions exactly when the bytes it adds to a layer changed.
 *
 * Directories that no entry described (made as missing parents) are not units: the
 * re-layered image leaves them implicit too, and they come out the same.
 */
import { createHash } from 'node:crypto';
import { dataPadding, encodeEntry } from './entry-header.js';
function entryOf(version, path, node, firstName) {
    if (node.kind === 'dir') {
        return { framing: encodeEntry({ path, type: 'dir', header: version.headers.get(node.meta), size: 0 }) };
    }
    const inode = node.inode;
    const header = version.headers.get(inode.meta);
    if (firstName !== undefined)
        return { framing: encodeEntry({ path, type: 'hardlink', header, size: 0, link: firstName }) };
    const spec = { path, type: inode.kind, header, size: 0 };
    switch (inode.kind) {
        case 'file': {
            spec.size = inode.size;
            const payload = { digest: inode.content.digest, length: inode.size };
            return { framing: encodeEntry(spec), payload };
        }
        case 'symlink':
            spec.link = inode.target;
            break;
        case 'char':
        case 'block':
            spec.devmajor = inode.devmajor;
            spec.devminor = inode.devminor;
            break;
        default:
    }
    return { framing: encodeEntry(spec) };
}
/** The units of a version, sorted by key (byte order). */
export function versionUnits(version) {
    const names = [];
    for (const item of version.tree.walk()) {
        if (item.node.kind === 'dir' && !item.node.explicit)
            continue;
        names.push(item);
    }
    // Byte strings hold one byte per UTF-16 unit, so string order is byte order.
    names.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const byInode = new Map();
    const units = [];
    for (const { path, node } of names) {
        if (node.kind === 'leaf' && node.inode.links > 1) {
            const unit = byInode.get(node.inode);
            if (unit) {
                unit.paths.push(path);
                unit.entries.push(entryOf(version, path, node, unit.key));
                continue;
            }
        }
        const entry = entryOf(version, path, node, undefined);
        const unit = { key: path, paths: [path], entries: [entry], bytes: entry.payload?.length ?? 0, signature: '' };
        if (node.kind === 'leaf' && node.inode.links > 1)
            byInode.set(node.inode, unit);
        units.push(unit);
    }
    for (const unit of units) {
        const hash = createHash('sha256');
        for (const entry of unit.entries) {
            hash.update(entry.framing);
            if (entry.payload)
                hash.update(entry.payload.digest);
        }
        unit.signature = hash.digest('hex');
    }
    return units;
}
/** The layer tar's pieces for units (already in key order): framing and payload references. */
export function* unitPieces(units) {
    for (const unit of units) {
        for (const entry of unit.entries) {
            yield { framing: entry.framing };
            if (entry.payload) {
                if (entry.payload.length > 0)
                    yield { payload: entry.payload };
                const pad = dataPadding(entry.payload.length);
                if (pad.length > 0)
                    yield { framing: pad };
            }
        }
    }
}
//# sourceMappingURL=units.js.map