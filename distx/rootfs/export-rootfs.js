/**
 * Rootfs export: an image's layers applied in order to a directory (`exportRootfs`) or to a
 * flattened tar (`exportRootfsTar`), with umoci's rules (docs/rootfs.md; apply-entry.ts).
 *
 * Each layer is rebuilt from its recipe and read entry by entry as it streams; the stream is
 * read to its very end even when the tar's end-of-archive marker comes first, so that the
 * rebuild's DiffID check always runs (a mismatch fails the export with CorruptDataError).
 * On any failure the directory is left as it was found: removed if the export made it,
 * emptied if it was an empty directory already.
 */
import { lstat, mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { readEntries, rebuildLayer } from '../tar/index.js';
import { applyEntry } from './apply-entry.js';
import { DiskWriter } from './disk-writer.js';
import { ContentIndex, writeFlatTar } from './flat-tar.js';
import { RecipeFeed } from './recipe-feed.js';
import { RootfsTree } from './tree.js';
import { Warnings } from './warnings.js';
function resolveOptions(options) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    return { rootless: options.rootless ?? !isRoot, writerThread: options.writerThread, onProgress: options.onProgress, signal: options.signal };
}
/**
 * Writes the root file system of `image` (a name, a manifest digest or a unique prefix) into
 * `dir`, which is made if missing and must otherwise be an empty directory. Throws
 * BadInputError for a non-empty or non-directory target and for layers that break the rules
 * (naming the entry), CorruptDataError when a layer does not rebuild to its DiffID.
 */
export async function exportRootfs(store, image, dir, options = {}) {
    const resolved = resolveOptions(options);
    const manifest = await store.resolveImage(image);
    const record = await store.getImage(manifest);
    const target = await prepareTarget(dir);
    const warnings = new Warnings(options.onWarning);
    const writer = new DiskWriter(target.path, {
        rootless: resolved.rootless,
        warnings,
        rootSetgid: target.setgid,
        ...(resolved.writerThread === undefined ? {} : { inline: !resolved.writerThread }),
    });
    try {
        const tree = new RootfsTree(writer);
        await applyLayers(store, record.layers, tree, writer, warnings, resolved);
        await writer.finish(tree);
        return { manifest, layers: record.layers.length, ...countTree(tree), warnings: warnings.list() };
    }
    catch (error) {
        await writer.close();
        await clearTarget(target);
        throw error;
    }
}
/**
 * Writes the root file system of `image` as one flattened, deterministic tar at `file`
 * (flat-tar.ts). Nothing is extracted; file contents are read back from the store.
 */
export async function exportRootfsTar(store, image, file, options = {}) {
    const resolved = resolveOptions(options);
    const manifest = await store.resolveImage(image);
    const record = await store.getImage(manifest);
    const warnings = new Warnings(options.onWarning);
    const index = new ContentIndex();
    const tree = new RootfsTree(index);
    await applyLayers(store, record.layers, tree, index, warnings, { ...resolved, rootless: false });
    const tarBytes = await writeFlatTar(tree, { readFile: (digest) => store.readFile(digest, { signal: resolved.signal }) }, file, warnings);
    return { manifest, layers: record.layers.length, ...countTree(tree), tarBytes, warnings: warnings.list() };
}
async function applyLayers(store, layers, tree, sink, warnings, options) {
    const total = layers.reduce((sum, l) => sum + l.tarBytes, 0);
    let done = 0;
    for (const [index, layer] of layers.entries()) {
        options.onProgress?.({ type: 'rootfs:layer', layer: index, layers: layers.length, diffId: layer.diffId });
        const recipe = await store.getLayerRecipe(layer.diffId);
        // Into a directory, file data goes from the store to the writer's thread (recipe-feed.ts).
        const feed = sink instanceof DiskWriter ? new RecipeFeed(recipe, layer.diffId, store, sink) : undefined;
        if (sink instanceof DiskWriter)
            sink.feed = feed;
        const iterator = feed ? feed.bytes() : rebuildLayer(recipe, layer.diffId, store);
        const next = async () => {
            const result = await iterator.next();
            if (!result.done) {
                done += result.value.length;
                options.onProgress?.({ type: 'rootfs:bytes', done, total });
            }
            return result;
        };
        // The tar reader stops at the end-of-archive marker and closes its source; this source
        // does not pass the close on, so that the rest is read below and the DiffID is checked.
        const source = { [Symbol.asyncIterator]: () => ({ next, return: async () => ({ done: true, value: undefined }) }) };
        const context = { tree, sink, warnings, rootless: options.rootless, layer: index };
        try {
            for await (const entry of readEntries(source, { signal: options.signal }))
                await applyEntry(context, entry);
            while (!(await next()).done)
                ;
        }
        finally {
            await iterator.return(undefined);
            if (sink instanceof DiskWriter)
                sink.feed = undefined;
        }
    }
}
function countTree(tree) {
    let entries = 0;
    let files = 0;
    let bytes = 0;
    const seen = new Set();
    for (const { path, node } of tree.walk()) {
        if (path === '')
            continue;
        entries++;
        if (node.kind === 'leaf' && node.inode.kind === 'file' && !seen.has(node.inode.id)) {
            seen.add(node.inode.id);
            files++;
            bytes += node.inode.size;
        }
    }
    return { entries, files, bytes };
}
/** Makes `dir` (and missing parents) or checks that it is an empty directory; returns its real path. */
async function prepareTarget(dir) {
    const absolute = resolve(dir);
    const info = await lstat(absolute).catch((error) => {
        if (error.code === 'ENOENT')
            return undefined;
        throw new BadInputError(`cannot use ${dir}: ${error.message}`, { path: dir, cause: error });
    });
    if (!info) {
        const createdTop = await mkdir(absolute, { recursive: true, mode: 0o755 }).catch((error) => {
            throw new BadInputError(`cannot make ${dir}: ${error.message}`, { path: dir, cause: error });
        });
        const path = await realpath(absolute);
        return { path, created: true, createdTop: createdTop ?? absolute, setgid: ((await stat(path)).mode & 0o2000) !== 0 };
    }
    const isDir = info.isDirectory() || (info.isSymbolicLink() && (await stat(absolute).then((s) => s.isDirectory(), () => false)));
    if (!isDir)
        throw new BadInputError(`not a directory: ${dir}`, { path: dir });
    const real = await realpath(absolute);
    if ((await readdir(real)).length > 0)
        throw new BadInputError(`refusing to export into ${dir}: the directory is not empty`, { path: dir });
    return { path: real, created: false, setgid: ((await stat(real)).mode & 0o2000) !== 0 };
}
/** Undoes a failed export: removes what it made, leaves an existing directory empty. */
async function clearTarget(target) {
    try {
        if (target.created) {
            await rm(target.createdTop ?? target.path, { recursive: true, force: true });
            return;
        }
        for (const name of await readdir(target.path))
            await rm(join(target.path, name), { recursive: true, force: true });
    }
    catch {
        // The export's own error is the one to report.
    }
}
//# sourceMappingURL=export-rootfs.js.map