/**
 * The tree on disk: every change of the in-memory tree, made in the target directory.
 *
 * Nothing is ever created through a symlink of the tree. Paths handed here are resolved by
 * the tree (tree.ts): every component but the last is a directory this export made, and the
 * last is new. Each object is then made with a call that does not follow a last component —
 * `open(O_CREAT | O_EXCL | O_NOFOLLOW)` for files, mkdir, symlink, link (the new name),
 * mknod — and fails if anything is already there, so a mismatch between the tree and the
 * disk is an error, never a write elsewhere.
 *
 * While the layers are read, the changes go, in order, to a worker thread in batches
 * (disk/batches.ts) that carry file data, or, for chunks, their places in the packs: the
 * worker reads and decompresses them, checks each layer's DiffID and writes (recipe-feed.ts) —
 * while the export goes on parsing the next entries, and waits only when a few batches are
 * still unwritten (the bound on memory). At the end, once the worker has written everything, this thread
 * finishes (tree-finish.ts):
 *
 * Order, as umoci applies metadata (owner, then mode — chown clears setuid and setgid — then
 * extended attributes, then times):
 * - a regular file gets its data, owner, mode and times through its open descriptor at once;
 *   a symlink its owner and times (it has no mode of its own);
 * - directories are made 0700 (so the export can work in them even rootless) and get their
 *   owner, mode and times only at the end, deepest first, after everything inside them is
 *   written — their mtimes are the layer's, not the time of extraction;
 * - device nodes and fifos are made at the end (special-files.ts), then every extended
 *   attribute in one setfattr run (xattr-batch.ts).
 *
 * Rootless (not root, or asked for): owners are not applied; instead, as umoci --rootless
 * does, a name owned by someone other than root gets a `user.rootlesscontainers` attribute
 * recording its owner (rootless-containers' protobuf `Resource`), and device nodes become
 * empty files. What could not be applied is reported as warnings; the export goes on.
 */
import type { TarHeader } from '../tar/index.js';
import type { ByteString } from './byte-paths.js';
import type { EntrySink } from './apply-entry.js';
import { DiskBatches } from '../disk/batches.js';
import type { DiskOp, OpMetadata } from '../disk/ops.js';
import { placeFileData } from './file-data.js';
import type { FeedChunk, FeedSink, RecipeFeed } from './recipe-feed.js';
import type { Inode, Metadata, RootfsTree, TreeMirror, TreeNode } from './tree.js';
import { finishTree } from './tree-finish.js';
import type { Warnings } from './warnings.js';

/** Mode of directories while the export works in them. */
const WORKING_DIR_MODE = 0o700;

/** Mode of a new file whose final mode cannot be given to open (setuid, setgid, sticky, or bits the umask takes). */
const PRIVATE_FILE_MODE = 0o600;
const SPECIAL_BITS = 0o7000;

export interface DiskWriterOptions {
  rootless: boolean;
  warnings: Warnings;
  /**
   * Whether the target directory has the setgid bit (files made in it then take its group,
   * so every owner must be set explicitly).
   */
  rootSetgid?: boolean;
  /** Write on this thread instead of a worker thread. @default true on a machine with one core */
  inline?: boolean;
}

export class DiskWriter implements TreeMirror, EntrySink, FeedSink {
  /** The target directory's absolute path, as a byte string. */
  readonly #root: ByteString;
  readonly #rootless: boolean;
  readonly #warnings: Warnings;
  readonly #batches: DiskBatches;
  #nextFile = 0;
  /** Owner a new file gets by itself (none known when the target's setgid bit decides the group). */
  readonly #defaultOwner: { uid: number; gid: number } | undefined;
  readonly #umask: number;
  /**
   * The layer being read through a RecipeFeed: a regular file's data then goes from the
   * store to the writer's thread as stored chunks (recipe-feed.ts), not through this thread.
   */
  feed: RecipeFeed | undefined;

  constructor(root: string, options: DiskWriterOptions) {
    this.#root = Buffer.from(root, 'utf8').toString('latin1');
    this.#rootless = options.rootless;
    this.#warnings = options.warnings;
    this.#umask = process.umask();
    this.#defaultOwner = options.rootSetgid || typeof process.geteuid !== 'function' ? undefined : { uid: process.geteuid(), gid: process.getegid!() };
    this.#batches = new DiskBatches({ what: 'rootfs export', inline: options.inline });
  }

  #absolute(path: ByteString): ByteString {
    return path === '' ? this.#root : `${this.#root}/${path}`;
  }

  /** The metadata operations a new object needs, given the mode it was created with (undefined: none, a symlink). */
  #opMetadata(meta: Metadata, createdMode?: number): OpMetadata {
    const owner = this.#defaultOwner;
    const chown = !this.#rootless && !(owner && owner.uid === meta.uid && owner.gid === meta.gid);
    return { uid: meta.uid, gid: meta.gid, chown, mode: meta.mode, chmod: createdMode !== meta.mode, atime: meta.atime, mtime: meta.mtime };
  }

  /** The mode to create a file with: its own when open can give it exactly, else a private one (chmod follows). */
  #creationMode(mode: number): number {
    return (mode & SPECIAL_BITS) === 0 && (mode & this.#umask) === 0 ? mode : PRIVATE_FILE_MODE;
  }

  /** Sends what is queued and waits until the worker has written all of it; throws its failure. */
  settle(): Promise<void> {
    return this.#batches.settle();
  }

  /**
   * Stops the worker (after a failure too): it closes the descriptors it still holds and runs
   * nothing more; nothing is written after this resolves.
   */
  close(): Promise<void> {
    return this.#batches.close();
  }

  mkdir(path: ByteString): void | Promise<void> {
    return this.#batches.queue({ op: 'mkdir', path: this.#absolute(path), mode: WORKING_DIR_MODE });
  }

  remove(path: ByteString, node: TreeNode): void | Promise<void> {
    if (node.kind === 'dir') return this.#batches.queue({ op: 'rmdir-all', path: this.#absolute(path) });
    if (node.inode.onDisk) return this.#batches.queue({ op: 'unlink', path: this.#absolute(path) });
  }

  link(existing: ByteString, path: ByteString, inode: Inode): void | Promise<void> {
    if (inode.onDisk) return this.#batches.queue({ op: 'link', existing: this.#absolute(existing), path: this.#absolute(path) });
  }

  async writeFile(path: ByteString, inode: Inode, header: TarHeader, data: AsyncIterable<Uint8Array>): Promise<void> {
    const file = this.#nextFile++;
    inode.onDisk = true;
    const mode = this.#creationMode(inode.meta.mode);
    await this.#batches.queue({ op: 'open', file, path: this.#absolute(path), mode });
    const feed = this.feed;
    let truncate: number | undefined;
    if (feed && !header.sparse) {
      // The data goes from the store to the writer as chunks; the reader gets placeholders.
      feed.claim(file, header.size);
      for await (const _ of data);
      feed.release();
      inode.size = header.size;
    } else {
      feed?.claim(file, header.size, true);
      const placed = await placeFileData(header, data, (bytes, position) => this.#addWrite(file, bytes, position));
      feed?.release();
      inode.size = placed.size;
      if (placed.sparse) truncate = placed.size;
    }
    const close: DiskOp = { op: 'close', file, meta: this.#opMetadata(inode.meta, mode) };
    if (truncate !== undefined) close.truncate = truncate;
    await this.#batches.queue(close);
  }

  hash(bytes: Uint8Array): void | Promise<void> {
    return this.#batches.carry(bytes, (offset) => ({ op: 'hash', offset, length: bytes.length }));
  }

  chunk(file: number | undefined, position: number, chunk: FeedChunk): void | Promise<void> {
    return this.#batches.chunk(file ?? -1, position, chunk);
  }

  endLayer(diffId: string, length: number): void | Promise<void> {
    return this.#batches.queue({ op: 'end-layer', diffId, length });
  }

  /** A write of `bytes` at `position` of `file`: copied into the batch, or written now inline. */
  #addWrite(file: number, bytes: Uint8Array, position: number): void | Promise<void> {
    return this.#batches.carry(bytes, (offset) => ({ op: 'write', file, offset, length: bytes.length, position }));
  }

  symlink(path: ByteString, inode: Inode): void | Promise<void> {
    inode.onDisk = true;
    return this.#batches.queue({ op: 'symlink', path: this.#absolute(path), target: inode.target, meta: this.#opMetadata(inode.meta) });
  }

  special(): void {
    // Made at the end, once the tree is final (special-files.ts).
  }

  /** Waits for the worker, then finishes the tree on this thread (tree-finish.ts). */
  async finish(tree: RootfsTree): Promise<void> {
    await this.settle();
    await this.close();
    finishTree(tree, { root: this.#root, rootless: this.#rootless, warnings: this.#warnings });
  }
}
