/**
 * The bundle's layout as bytes: blobs gathered (small ones in memory, large ones as files in
 * the writer's temporary directory), then written as the layout's tar, plain (formats 1-3)
 * or as zstd frames (format 4, docs/bundle.md "Container").
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { windowLogFor } from '../delta/zstd.js';
import { OCI_LAYOUT } from './format.js';
import { MAX_WINDOW_LOG, zstdFrame } from './container.js';
import { END_OF_ARCHIVE, entryHeader, paddingAfter } from './tar-out.js';
/** Blobs by sha256 (hex), in the order they were added. */
export class BlobDir {
    blobs = new Map();
    add(bytes) {
        const hex = createHash('sha256').update(bytes).digest('hex');
        this.blobs.set(hex, { bytes, size: bytes.length });
        return `sha256:${hex}`;
    }
    async addFile(path) {
        const hash = createHash('sha256');
        for await (const piece of createReadStream(path))
            hash.update(piece);
        const hex = hash.digest('hex');
        this.blobs.set(hex, { path, size: (await stat(path)).size });
        return `sha256:${hex}`;
    }
    size(digest) {
        return this.blobs.get(digest.replace(/^sha256:/, '')).size;
    }
}
async function* entry(name, blob) {
    yield entryHeader(name, blob.size);
    if (blob.bytes)
        yield blob.bytes;
    else
        for await (const piece of createReadStream(blob.path))
            yield piece;
    yield paddingAfter(blob.size);
}
/** Largest chunk pack compressed in the first frame with the metadata. */
export const SMALL_PACK = 64 * 1024;
const tarBytes = (size) => 512 + Math.ceil(size / 512) * 512;
/** Formats 1-3: the plain tar, every blob in the order added. */
export async function* plainLayout(blobs, index) {
    yield* entry('oci-layout', { bytes: Buffer.from(OCI_LAYOUT), size: OCI_LAYOUT.length });
    yield* entry('index.json', { bytes: index, size: index.length });
    for (const [hex, blob] of blobs.blobs)
        yield* entry(`blobs/sha256/${hex}`, blob);
    yield END_OF_ARCHIVE;
}
/**
 * Formats 4 and 5: the same tar as zstd frames: (1) oci-layout, index.json and every blob but
 * the delta section and the compressed blobs (the chunk pack, the chunk sections), at `level`
 * with a window over the frame; (2) the delta section's entry, at `level` with a window over it
 * (up to 2^27) and long-distance matching, so that deltas are compressed together; (3) the
 * compressed blobs' entries (zstd frames already) at level 1, and the end-of-archive marker (in
 * the last frame present). Compressed blobs of at most SMALL_PACK bytes in all go in the first
 * frame instead (their own frame would cost its header).
 */
export async function* zstdLayout(blobs, index, special, level, counts) {
    const hexOf = (d) => d?.replace(/^sha256:/, '');
    const deltas = hexOf(special.deltas);
    const large = special.compressed.reduce((sum, d) => sum + blobs.size(d), 0) > SMALL_PACK;
    const chunks = new Set(large ? special.compressed.map((d) => hexOf(d)) : []);
    const rest = [...blobs.blobs].filter(([hex]) => hex !== deltas && !chunks.has(hex));
    const groups = [
        { name: 'metadata', entries: [['oci-layout', { bytes: Buffer.from(OCI_LAYOUT), size: OCI_LAYOUT.length }], ['index.json', { bytes: index, size: index.length }], ...rest.map(([hex, b]) => [`blobs/sha256/${hex}`, b])], level },
    ];
    if (deltas)
        groups.push({ name: 'deltas', entries: [[`blobs/sha256/${deltas}`, blobs.blobs.get(deltas)]], level });
    if (chunks.size > 0)
        groups.push({ name: 'chunks', entries: [...chunks].map((hex) => [`blobs/sha256/${hex}`, blobs.blobs.get(hex)]), level: 1 });
    for (const [i, group] of groups.entries()) {
        const last = i === groups.length - 1;
        const size = group.entries.reduce((sum, [, b]) => sum + tarBytes(b.size), 0) + (last ? END_OF_ARCHIVE.length : 0);
        const windowLog = group.level > 1 ? Math.min(MAX_WINDOW_LOG, windowLogFor(size)) : undefined;
        const content = (async function* () {
            for (const [name, blob] of group.entries)
                yield* entry(name, blob);
            if (last)
                yield END_OF_ARCHIVE;
        })();
        for await (const piece of zstdFrame(content, { level: group.level, size, ...(windowLog !== undefined ? { windowLog } : {}) })) {
            counts[group.name] += piece.length;
            yield piece;
        }
    }
}
//# sourceMappingURL=layout-out.js.map