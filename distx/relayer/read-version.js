/**
 * One version's merged root file system, read from the store: the image's layers applied in
 * order to rootfs's in-memory tree with rootfs's own rules (whiteouts, opaque directories,
 * hard links, replaced types: src/rootfs/apply-entry.ts), nothing written anywhere.
 *
 * Beside the tree this keeps, for every object in it, the tar header that last described it
 * (keyed by the object's Metadata, which rootfs makes afresh for each entry and which hard
 * links share), so that the re-layered entries are written from the original headers, and
 * each regular file's content digest: the file recipe the store already holds for that
 * payload, found in the layer recipe at the payload's offset. File contents are not read:
 * the tar reader is given the recipe's framing with zeros in place of the payloads (it only
 * skips them), so a version costs a read of its layer recipes. The layers' DiffIDs are not
 * checked here (nothing of their bytes is used but the recipes').
 */
import { BadInputError } from '../errors.js';
import { readEntries } from '../tar/index.js';
import { applyEntry, cleanPath, RootfsTree, toByteString, Warnings, WHITEOUT_PREFIX, } from '../rootfs/index.js';
/** sha256 of no bytes: the content of every empty file. */
export const EMPTY_DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** A file segment up to this long is always a payload (framing is stored as a file only past 1 MiB: ingest/layer-parts.ts). */
const SURELY_PAYLOAD = 1 << 20;
const BLOCK = 512;
/**
 * Whether the framing just before a long file segment ends with the ustar header of a regular
 * file of exactly that length: then the segment is that file's payload, not a run of framing
 * stored as a file (which only ever follows framing that is not such a header's end, or other
 * framing stored as a file).
 */
function headerAnnounces(framing, length) {
    if (framing.length < BLOCK)
        return false;
    const block = framing.subarray(framing.length - BLOCK);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    const field = (at, size) => Buffer.from(block.subarray(at, at + size)).toString('latin1').replace(/[\0 ]+$/, '').trim();
    const checksum = field(148, 8);
    if (!/^[0-7]+$/.test(checksum) || parseInt(checksum, 8) !== sum)
        return false;
    const type = block[156];
    if (type !== 0x30 && type !== 0 && type !== 0x37)
        return false;
    const size = field(124, 12);
    return /^[0-7]+$/.test(size) && parseInt(size, 8) === length;
}
/**
 * The layer as a byte stream for the tar reader, without the files' contents: framing
 * verbatim, a regular file's payload as zeros (the reader only skips it), and the file
 * segments that may be framing stored as a file read for real. Also lists the file segments
 * with their offsets.
 */
async function layerSkeleton(store, diffId) {
    const recipe = await store.getLayerRecipe(diffId);
    const plan = [];
    const segments = [];
    let offset = 0;
    let previous;
    for await (const segment of recipe.segments) {
        if (segment.kind === 'framing') {
            plan.push({ bytes: segment.bytes });
            offset += segment.bytes.length;
            previous = segment.bytes;
            continue;
        }
        segments.push({ start: offset, digest: segment.digest, length: segment.length });
        const payload = segment.length <= SURELY_PAYLOAD || (previous !== undefined && offset % BLOCK === 0 && headerAnnounces(previous, segment.length));
        plan.push(payload ? { zeros: segment.length } : { read: segment.digest });
        offset += segment.length;
        previous = undefined;
    }
    const zeros = Buffer.alloc(1 << 20);
    async function* stream() {
        for (const step of plan) {
            if ('bytes' in step)
                yield step.bytes;
            else if ('read' in step)
                yield* store.readFile('sha256:' + step.read);
            else
                for (let left = step.zeros; left > 0; left -= zeros.length)
                    yield zeros.subarray(0, Math.min(left, zeros.length));
        }
    }
    return { segments, stream: stream() };
}
/**
 * The recipe's digest for an entry's payload: the first file segment after the entry's header
 * that has the payload's length (a regular file's data is always one segment, right after its
 * header blocks).
 */
function payloadDigest(segments, header) {
    if (header.size === 0)
        return EMPTY_DIGEST;
    let low = 0;
    let high = segments.length;
    while (low < high) {
        const mid = (low + high) >>> 1;
        if (segments[mid].start <= header.headerOffset)
            low = mid + 1;
        else
            high = mid;
    }
    for (let i = low; i < segments.length; i++) {
        if (segments[i].length === header.size)
            return segments[i].digest;
    }
    throw new BadInputError(`entry ${JSON.stringify(header.name)}: no file recipe for its ${header.size} bytes in the layer recipe`, { path: header.name });
}
/** Mirror and sink that write nothing: the tree is all that is wanted. */
class TreeOnly {
    segments = [];
    mkdir() { }
    remove() { }
    link() { }
    symlink() { }
    special() { }
    async writeFile(_path, inode, header) {
        inode.size = header.size;
        inode.content = { digest: payloadDigest(this.segments, header), payloadSize: header.size };
    }
}
/** The node an entry (not a whiteout) left in the tree. */
function nodeOf(tree, header) {
    const { parts } = cleanPath(toByteString(header.nameBytes));
    if (parts.length === 0)
        return tree.root;
    const last = parts[parts.length - 1];
    if (last.startsWith(WHITEOUT_PREFIX))
        return undefined;
    const dir = tree.resolve(parts.slice(0, -1), header.name);
    return tree.nodeAt([...dir.parts, last]);
}
/**
 * Reads the merged tree of the image `manifest`. Sparse files are refused (BadInputError):
 * re-layering writes regular entries and keeps no sparse maps. `onlyLayer`: apply that layer
 * alone (the layer's own entries).
 */
export async function readVersion(store, manifest, signal, onlyLayer) {
    const record = await store.getImage(manifest);
    const sink = new TreeOnly();
    const tree = new RootfsTree(sink);
    const headers = new WeakMap();
    const warnings = new Warnings();
    for (const [index, layer] of record.layers.entries()) {
        if (onlyLayer !== undefined && index !== onlyLayer)
            continue;
        const skeleton = await layerSkeleton(store, layer.diffId);
        sink.segments = skeleton.segments;
        const context = { tree, sink, warnings, rootless: false, layer: index };
        for await (const entry of readEntries(skeleton.stream, { signal })) {
            if (entry.header.sparse) {
                throw new BadInputError(`entry ${JSON.stringify(entry.header.name)} of layer ${layer.diffId} is a sparse file: re-layering does not handle sparse files`, { path: entry.header.name });
            }
            await applyEntry(context, entry);
            const node = nodeOf(tree, entry.header);
            if (!node)
                continue;
            const meta = node.kind === 'dir' ? node.meta : node.inode.meta;
            if (!headers.has(meta))
                headers.set(meta, entry.header);
        }
    }
    return { tree, headers };
}
//# sourceMappingURL=read-version.js.map