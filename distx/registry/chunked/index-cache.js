/**
 * The chunk indexes push has built, kept in the store directory
 * (`registry-cache/chunk-indexes/<diffId hex>.json`): a layer's index (and so its packs'
 * digests and sizes) follows from the layer, the store's chunker and the pack builder (record
 * format, zstd version and level), so a later push of the same layer, to this repository or
 * another, can ask the registry for the index and packs (HEAD, mount) without reading a chunk.
 * A hint only: an entry for another chunker or builder, or one that does not decode, is ignored
 * and the layer is built again; one lost costs a rebuild.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import binding from 'zstd-napi/binding.js';
import { CHUNK_PACK_MEDIA_TYPE, decodeChunkIndex } from './format.js';
import { indexDescriptor } from './build.js';
import { RECORD_ZSTD_LEVEL } from './records.js';
/** What made the packs: a cached index from another builder is not used. */
const BUILDER = `cairn-packs/1 zstd=${binding.versionString()} level=${RECORD_ZSTD_LEVEL}`;
const dirOf = (storeDir) => join(storeDir, 'registry-cache', 'chunk-indexes');
const fileOf = (storeDir, diffId) => join(dirOf(storeDir), `${diffId.replace(/^sha256:/, '')}.json`);
/** The cached index of layer `diffId` for this chunker, or undefined. */
export async function cachedLayerIndex(storeDir, diffId, chunker) {
    try {
        const entry = JSON.parse(await readFile(fileOf(storeDir, diffId), 'utf8'));
        if (entry.builder !== BUILDER || entry.chunker !== chunker)
            return undefined;
        const bytes = Buffer.from(entry.index, 'base64');
        const index = decodeChunkIndex(bytes);
        if (index.chunker !== chunker || index.layers.length !== 1 || index.layers[0].diffId !== diffId)
            return undefined;
        return {
            diffId, bytes, descriptor: indexDescriptor(diffId, bytes),
            packs: index.packs.map((p) => ({ mediaType: CHUNK_PACK_MEDIA_TYPE, digest: p.digest, size: p.size })),
            chunks: entry.chunks, chunkBytes: entry.chunkBytes, packBytes: entry.packBytes,
        };
    }
    catch {
        return undefined;
    }
}
/** Keeps a built index (best effort: a failure to write is ignored). */
export async function cacheLayerIndex(storeDir, index, chunker) {
    const entry = { builder: BUILDER, chunker, chunks: index.chunks, chunkBytes: index.chunkBytes, packBytes: index.packBytes, index: index.bytes.toString('base64') };
    const path = fileOf(storeDir, index.diffId);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
        await mkdir(dirOf(storeDir), { recursive: true });
        await writeFile(temporary, JSON.stringify(entry));
        await rename(temporary, path);
    }
    catch {
        // a hint only
    }
}
//# sourceMappingURL=index-cache.js.map