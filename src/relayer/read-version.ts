/**
 * One version's merged root file system, read from the store: the image's layers applied in
 * order to rootfs's in-memory tree with rootfs's own rules (whiteouts, opaque directories,
 * hard links, replaced types: src/rootfs/apply-entry.ts), nothing written anywhere.
 *
 * Beside the tree this keeps, for every object in it, the tar header that last described it
 * (keyed by the object's Metadata, which rootfs makes afresh for each entry and which hard
 * links share), so that the re-layered entries are written from the original headers, and
 * each regular file's content digest: the file recipe the store already holds for that
 * payload, found in the layer recipe at the payload's offset (no content is hashed again).
 */
import { BadInputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { readEntries, rebuildLayer, type TarHeader } from '../tar/index.js';
import {
  applyEntry, cleanPath, RootfsTree, toByteString, Warnings, WHITEOUT_PREFIX,
  type ApplyContext, type EntrySink, type Inode, type Metadata, type TreeMirror, type TreeNode,
} from '../rootfs/index.js';

/** sha256 of no bytes: the content of every empty file. */
export const EMPTY_DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface VersionTree {
  tree: RootfsTree;
  /** The header that described each object (directories, inodes), by its metadata. */
  headers: WeakMap<Metadata, TarHeader>;
}

interface FileSegmentAt {
  start: number;
  digest: string;
  length: number;
}

/** The file segments of a layer recipe with their offsets in the tar, in order. */
async function fileSegments(store: Store, diffId: string): Promise<FileSegmentAt[]> {
  const recipe = await store.getLayerRecipe(diffId);
  const out: FileSegmentAt[] = [];
  let offset = 0;
  for await (const segment of recipe.segments) {
    if (segment.kind === 'file') {
      out.push({ start: offset, digest: segment.digest, length: segment.length });
      offset += segment.length;
    } else {
      offset += segment.bytes.length;
    }
  }
  return out;
}

/**
 * The recipe's digest for an entry's payload: the first file segment after the entry's header
 * that has the payload's length (a regular file's data is always one segment, right after its
 * header blocks).
 */
function payloadDigest(segments: readonly FileSegmentAt[], header: TarHeader): string {
  if (header.size === 0) return EMPTY_DIGEST;
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (segments[mid]!.start <= header.headerOffset) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < segments.length; i++) {
    if (segments[i]!.length === header.size) return segments[i]!.digest;
  }
  throw new BadInputError(`entry ${JSON.stringify(header.name)}: no file recipe for its ${header.size} bytes in the layer recipe`, { path: header.name });
}

/** Mirror and sink that write nothing: the tree is all that is wanted. */
class TreeOnly implements TreeMirror, EntrySink {
  segments: readonly FileSegmentAt[] = [];
  mkdir(): void {}
  remove(): void {}
  link(): void {}
  symlink(): void {}
  special(): void {}
  async writeFile(_path: string, inode: Inode, header: TarHeader): Promise<void> {
    inode.size = header.size;
    inode.content = { digest: payloadDigest(this.segments, header), payloadSize: header.size };
  }
}

/** The node an entry (not a whiteout) left in the tree. */
function nodeOf(tree: RootfsTree, header: TarHeader): TreeNode | undefined {
  const { parts } = cleanPath(toByteString(header.nameBytes));
  if (parts.length === 0) return tree.root;
  const last = parts[parts.length - 1]!;
  if (last.startsWith(WHITEOUT_PREFIX)) return undefined;
  const dir = tree.resolve(parts.slice(0, -1), header.name);
  return tree.nodeAt([...dir.parts, last]);
}

/**
 * Reads the merged tree of the image `manifest`. Sparse files are refused (BadInputError):
 * re-layering writes regular entries and keeps no sparse maps. `onlyLayer`: apply that layer
 * alone (the layer's own entries).
 */
export async function readVersion(store: Store, manifest: string, signal?: AbortSignal, onlyLayer?: number): Promise<VersionTree> {
  const record = await store.getImage(manifest);
  const sink = new TreeOnly();
  const tree = new RootfsTree(sink);
  const headers = new WeakMap<Metadata, TarHeader>();
  const warnings = new Warnings();
  for (const [index, layer] of record.layers.entries()) {
    if (onlyLayer !== undefined && index !== onlyLayer) continue;
    sink.segments = await fileSegments(store, layer.diffId);
    const iterator = rebuildLayer(await store.getLayerRecipe(layer.diffId), layer.diffId, store);
    // As rootfs export does: the reader's early close is not passed on, the rest is read below
    // so that the DiffID check runs.
    const source: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: () => iterator.next(), return: async () => ({ done: true, value: undefined }) }) };
    const context: ApplyContext = { tree, sink, warnings, rootless: false, layer: index };
    try {
      for await (const entry of readEntries(source, { signal })) {
        if (entry.header.sparse) {
          throw new BadInputError(`entry ${JSON.stringify(entry.header.name)} of layer ${layer.diffId} is a sparse file: re-layering does not handle sparse files`, { path: entry.header.name });
        }
        await applyEntry(context, entry);
        const node = nodeOf(tree, entry.header);
        if (!node) continue;
        const meta = node.kind === 'dir' ? node.meta : node.inode.meta;
        if (!headers.has(meta)) headers.set(meta, entry.header);
      }
      while (!(await iterator.next()).done);
    } finally {
      await iterator.return(undefined);
    }
  }
  return { tree, headers };
}
