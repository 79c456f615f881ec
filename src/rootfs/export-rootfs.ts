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
import type { Store } from '../store/index.js';
import { readEntries, rebuildLayer } from '../tar/index.js';
import { applyEntry, type ApplyContext, type EntrySink } from './apply-entry.js';
import { DiskWriter } from './disk-writer.js';
import { ContentIndex, writeFlatTar } from './flat-tar.js';
import { RecipeFeed } from './recipe-feed.js';
import { RootfsTree, type TreeMirror } from './tree.js';
import { Warnings } from './warnings.js';

/** Options of `exportRootfs` and `exportRootfsTar`. Read, never written. */
export interface RootfsExportOptions {
  /**
   * Do not apply owners (record them in `user.rootlesscontainers` instead) and make device
   * nodes as empty files, as `umoci unpack --rootless`. Ignored by `exportRootfsTar`.
   * @default true when the process is not running as root
   */
  rootless?: boolean;
  /** Each kind of warning once, when first seen (the result lists them all, with counts). */
  onWarning?: (message: string) => void;
  /** Progress events, for a progress bar; the library never prints. */
  onProgress?: (event: RootfsProgressEvent) => void;
  /** Stops the export with an AbortedError before its next read. */
  signal?: AbortSignal;
  /**
   * Write files from a worker thread, beside the reading of the layers; false writes them on
   * the calling thread. Ignored by `exportRootfsTar`.
   * @default true when the machine has more than one core
   */
  writerThread?: boolean;
}

export type RootfsProgressEvent =
  | { type: 'rootfs:layer'; layer: number; layers: number; diffId: string }
  /** Bytes of layer tars read so far, out of `total`. */
  | { type: 'rootfs:bytes'; done: number; total: number };

/** What an export made. */
export interface RootfsExportResult {
  /** The image's manifest digest. */
  manifest: string;
  layers: number;
  /** Names in the final tree, not counting the root. */
  entries: number;
  /** Regular files (an inode with several names counts once). */
  files: number;
  /** Bytes of regular file content (each inode once; sparse files at their real size). */
  bytes: number;
  /** Bytes of the flattened tar (`exportRootfsTar` only). */
  tarBytes?: number;
  /** Everything not applied or changed on the way, one line per kind. */
  warnings: string[];
}

interface Resolved {
  rootless: boolean;
  writerThread: boolean | undefined;
  onProgress: ((event: RootfsProgressEvent) => void) | undefined;
  signal: AbortSignal | undefined;
}

function resolveOptions(options: RootfsExportOptions): Resolved {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return { rootless: options.rootless ?? !isRoot, writerThread: options.writerThread, onProgress: options.onProgress, signal: options.signal };
}

/**
 * Writes the root file system of `image` (a name, a manifest digest or a unique prefix) into
 * `dir`, which is made if missing and must otherwise be an empty directory. Throws
 * BadInputError for a non-empty or non-directory target and for layers that break the rules
 * (naming the entry), CorruptDataError when a layer does not rebuild to its DiffID.
 */
export async function exportRootfs(store: Store, image: string, dir: string, options: RootfsExportOptions = {}): Promise<RootfsExportResult> {
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
  } catch (error) {
    await writer.close();
    await clearTarget(target);
    throw error;
  }
}

/**
 * Writes the root file system of `image` as one flattened, deterministic tar at `file`
 * (flat-tar.ts). Nothing is extracted; file contents are read back from the store.
 */
export async function exportRootfsTar(store: Store, image: string, file: string, options: RootfsExportOptions = {}): Promise<RootfsExportResult> {
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

async function applyLayers(
  store: Store,
  layers: readonly { diffId: string; tarBytes: number }[],
  tree: RootfsTree,
  sink: EntrySink & TreeMirror,
  warnings: Warnings,
  options: Resolved,
): Promise<void> {
  const total = layers.reduce((sum, l) => sum + l.tarBytes, 0);
  let done = 0;
  for (const [index, layer] of layers.entries()) {
    options.onProgress?.({ type: 'rootfs:layer', layer: index, layers: layers.length, diffId: layer.diffId });
    const recipe = await store.getLayerRecipe(layer.diffId);
    // Into a directory, file data goes from the store to the writer's thread (recipe-feed.ts).
    const feed = sink instanceof DiskWriter ? new RecipeFeed(recipe, layer.diffId, store, sink) : undefined;
    if (sink instanceof DiskWriter) sink.feed = feed;
    const iterator = feed ? feed.bytes() : rebuildLayer(recipe, layer.diffId, store);
    const next = async (): Promise<IteratorResult<Uint8Array>> => {
      const result = await iterator.next();
      if (!result.done) {
        done += result.value.length;
        options.onProgress?.({ type: 'rootfs:bytes', done, total });
      }
      return result;
    };
    // The tar reader stops at the end-of-archive marker and closes its source; this source
    // does not pass the close on, so that the rest is read below and the DiffID is checked.
    const source: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next, return: async () => ({ done: true, value: undefined }) }) };
    const context: ApplyContext = { tree, sink, warnings, rootless: options.rootless, layer: index };
    try {
      for await (const entry of readEntries(source, { signal: options.signal })) await applyEntry(context, entry);
      while (!(await next()).done);
    } finally {
      await iterator.return(undefined);
      if (sink instanceof DiskWriter) sink.feed = undefined;
    }
  }
}

function countTree(tree: RootfsTree): { entries: number; files: number; bytes: number } {
  let entries = 0;
  let files = 0;
  let bytes = 0;
  const seen = new Set<number>();
  for (const { path, node } of tree.walk()) {
    if (path === '') continue;
    entries++;
    if (node.kind === 'leaf' && node.inode.kind === 'file' && !seen.has(node.inode.id)) {
      seen.add(node.inode.id);
      files++;
      bytes += node.inode.size;
    }
  }
  return { entries, files, bytes };
}

interface Target {
  path: string;
  created: boolean;
  /** The directory has the setgid bit. */
  setgid: boolean;
  /** Where the export made the first missing directory of the path (removed on failure). */
  createdTop?: string;
}

/** Makes `dir` (and missing parents) or checks that it is an empty directory; returns its real path. */
async function prepareTarget(dir: string): Promise<Target> {
  const absolute = resolve(dir);
  const info = await lstat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new BadInputError(`cannot use ${dir}: ${error.message}`, { path: dir, cause: error });
  });
  if (!info) {
    const createdTop = await mkdir(absolute, { recursive: true, mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
      throw new BadInputError(`cannot make ${dir}: ${error.message}`, { path: dir, cause: error });
    });
    const path = await realpath(absolute);
    return { path, created: true, createdTop: createdTop ?? absolute, setgid: ((await stat(path)).mode & 0o2000) !== 0 };
  }
  const isDir = info.isDirectory() || (info.isSymbolicLink() && (await stat(absolute).then((s) => s.isDirectory(), () => false)));
  if (!isDir) throw new BadInputError(`not a directory: ${dir}`, { path: dir });
  const real = await realpath(absolute);
  if ((await readdir(real)).length > 0) throw new BadInputError(`refusing to export into ${dir}: the directory is not empty`, { path: dir });
  return { path: real, created: false, setgid: ((await stat(real)).mode & 0o2000) !== 0 };
}

/** Undoes a failed export: removes what it made, leaves an existing directory empty. */
async function clearTarget(target: Target): Promise<void> {
  try {
    if (target.created) {
      await rm(target.createdTop ?? target.path, { recursive: true, force: true });
      return;
    }
    for (const name of await readdir(target.path)) await rm(join(target.path, name), { recursive: true, force: true });
  } catch {
    // The export's own error is the one to report.
  }
}
