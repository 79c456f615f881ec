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
 * While the layers are read, the changes go, in order, to a worker thread (disk-worker.ts)
 * in batches that carry the file data with them; the export goes on rebuilding the next
 * entries meanwhile, and waits only when a few batches are still unwritten (the bound on
 * memory). At the end, once the worker has written everything, this thread finishes:
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
import { chmodSync, closeSync, constants, lchownSync, linkSync, lutimesSync, openSync, utimesSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CairnError, CorruptDataError } from '../errors.js';
import type { StoredChunk } from '../store/index.js';
import type { TarHeader } from '../tar/index.js';
import { displayPath, type ByteString } from './byte-paths.js';
import { ROOTLESS_XATTR, type EntrySink } from './apply-entry.js';
import type { DiskBatch, DiskOp, DiskReply, OpMetadata } from './disk-ops.js';
import { DiskOpRunner } from './disk-runner.js';
import { placeFileData } from './file-data.js';
import type { FeedSink, RecipeFeed } from './recipe-feed.js';
import { rootlessOwnerXattr } from './rootless-owner.js';
import { makeSpecialNodes, type SpecialNode } from './special-files.js';
import type { DirNode, Inode, Metadata, RootfsTree, TreeMirror, TreeNode } from './tree.js';
import type { Warnings } from './warnings.js';
import { applyXattrs, type XattrTarget } from './xattr-batch.js';

const EMPTY = new Uint8Array(0);
const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** Mode of directories while the export works in them. */
const WORKING_DIR_MODE = 0o700;
const OWNER_RWX = 0o700;
/** A batch is sent once it carries this much data (its buffer's size; the buffers go back and forth) ... */
const BATCH_BYTES = 4 << 20;
/** ... or this many operations. */
const BATCH_OPS = 4096;
/** Batches sent and not yet written before the export waits: with BATCH_BYTES, the bound on memory. */
const BATCHES_IN_FLIGHT = 4;

/** Mode of a new file whose final mode cannot be given to open (setuid, setgid, sticky, or bits the umask takes). */
const PRIVATE_FILE_MODE = 0o600;
const SPECIAL_BITS = 0o7000;

/** Node turns a negative number of seconds into "now"; a numeric string passes as it is. */
function timeArg(seconds: number): number | string {
  return seconds < 0 ? String(seconds) : seconds;
}

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
  /** The worker thread, or the runner on this thread. */
  readonly #worker: Worker | undefined;
  readonly #inline: DiskOpRunner | undefined;
  #ops: DiskOp[] = [];
  /** The current batch's data; `#dataLength` bytes of it are used (none inline). */
  #data: Uint8Array;
  #dataLength = 0;
  /** Data buffers the worker has handed back. */
  readonly #free: ArrayBuffer[] = [];
  #nextBatch = 0;
  #nextFile = 0;
  /** Batches sent, by id, with what to call when the worker answers. */
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  #failure: unknown;
  #closed = false;
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
    if (options.inline ?? availableParallelism() < 2) {
      this.#inline = new DiskOpRunner();
      this.#data = EMPTY;
      return;
    }
    this.#data = new Uint8Array(BATCH_BYTES);
    const worker = new Worker(new URL('./disk-worker.js', import.meta.url));
    worker.on('message', (reply: DiskReply) => this.#answer(reply));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(new CairnError('CAIRN_IO', `the rootfs writer thread stopped (exit code ${code})`));
    });
    this.#worker = worker;
  }

  #absolute(path: ByteString): ByteString {
    return path === '' ? this.#root : `${this.#root}/${path}`;
  }

  #bytes(path: ByteString): Buffer {
    return Buffer.from(this.#absolute(path), 'latin1');
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

  #answer(reply: DiskReply): void {
    if (reply.data.byteLength === BATCH_BYTES) this.#free.push(reply.data);
    if (reply.ok) {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      waiter?.resolve();
      return;
    }
    // A failed batch's waiter stays pending, for #fail to reject with the others.
    if (reply.code === 'CAIRN_CORRUPT') {
      this.#fail(new CorruptDataError(reply.message, reply.digest ? { digest: reply.digest } : {}));
      return;
    }
    const where = reply.path ? ` ${JSON.stringify(reply.path)}` : '';
    this.#fail(new CairnError('CAIRN_IO', `rootfs export: ${reply.op}${where}: ${reply.message}`, reply.path ? { path: reply.path } : {}));
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
    for (const waiter of this.#pending.values()) waiter.reject(this.#failure);
    this.#pending.clear();
  }

  #check(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Queues an operation (or runs it now, inline); sends the batch when it is full, waiting if too many are in flight. */
  #queue(op: DiskOp): void | Promise<void> {
    if (this.#inline) return this.#runNow(op, EMPTY);
    this.#ops.push(op);
    if (this.#ops.length >= BATCH_OPS || this.#dataLength >= BATCH_BYTES) return this.#send();
  }

  /** Sends the current batch; resolves once fewer than BATCHES_IN_FLIGHT are unwritten. */
  async #send(): Promise<void> {
    this.#check();
    if (this.#ops.length > 0) {
      const batch: DiskBatch = { id: this.#nextBatch++, ops: this.#ops, data: this.#data.buffer as ArrayBuffer };
      this.#ops = [];
      const reuse = this.#free.pop();
      this.#data = reuse ? new Uint8Array(reuse) : new Uint8Array(BATCH_BYTES);
      this.#dataLength = 0;
      const done = new Promise<void>((resolve, reject) => this.#pending.set(batch.id, { resolve, reject }));
      done.catch(() => undefined);
      this.#worker!.postMessage(batch, [batch.data]);
    }
    while (this.#pending.size >= BATCHES_IN_FLIGHT) await this.#oldest();
  }

  #oldest(): Promise<void> {
    const id = Math.min(...this.#pending.keys());
    return new Promise((resolve, reject) => {
      const waiter = this.#pending.get(id)!;
      this.#pending.set(id, {
        resolve: () => (waiter.resolve(), resolve()),
        reject: (error) => (waiter.reject(error), reject(error)),
      });
    });
  }

  /** Sends what is queued and waits until the worker has written all of it; throws its failure. */
  async settle(): Promise<void> {
    await this.#send();
    while (this.#pending.size > 0) await this.#oldest();
    this.#check();
  }

  /**
   * Stops the worker (after a failure too): it closes the descriptors it still holds and runs
   * nothing more; nothing is written after this resolves.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    const last: DiskBatch = { id: this.#nextBatch++, ops: [], data: new ArrayBuffer(0), last: true };
    const worker = this.#worker;
    if (!worker) {
      this.#inline!.run(last);
      this.#closed = true;
      return;
    }
    // Batches are run in order: once `last` is answered, everything sent before it is done.
    let listener: ((reply: DiskReply) => void) | undefined;
    const answered = new Promise<void>((resolve) => {
      listener = (reply) => {
        if (reply.id === last.id) resolve();
      };
      worker.on('message', listener);
      worker.once('exit', () => resolve());
    });
    worker.postMessage(last, [last.data]);
    await answered;
    worker.off('message', listener!);
    this.#closed = true;
    await worker.terminate();
  }

  mkdir(path: ByteString): void | Promise<void> {
    return this.#queue({ op: 'mkdir', path: this.#absolute(path), mode: WORKING_DIR_MODE });
  }

  remove(path: ByteString, node: TreeNode): void | Promise<void> {
    if (node.kind === 'dir') return this.#queue({ op: 'rmdir-all', path: this.#absolute(path) });
    if (node.inode.onDisk) return this.#queue({ op: 'unlink', path: this.#absolute(path) });
  }

  link(existing: ByteString, path: ByteString, inode: Inode): void | Promise<void> {
    if (inode.onDisk) return this.#queue({ op: 'link', existing: this.#absolute(existing), path: this.#absolute(path) });
  }

  async writeFile(path: ByteString, inode: Inode, header: TarHeader, data: AsyncIterable<Uint8Array>): Promise<void> {
    const file = this.#nextFile++;
    inode.onDisk = true;
    const mode = this.#creationMode(inode.meta.mode);
    await this.#queue({ op: 'open', file, path: this.#absolute(path), mode });
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
    await this.#queue(close);
  }

  hash(bytes: Uint8Array): void | Promise<void> {
    if (this.#inline) return this.#runNow({ op: 'hash', offset: 0, length: bytes.length }, bytes);
    return this.#carry(bytes, (offset) => ({ op: 'hash', offset, length: bytes.length }));
  }

  chunk(file: number | undefined, position: number, chunk: StoredChunk): void | Promise<void> {
    const op = (offset: number): DiskOp => ({ op: 'chunk', file: file ?? -1, position, offset, stored: chunk.payload.length, length: chunk.length, zstd: chunk.zstd });
    if (this.#inline) return this.#runNow(op(0), chunk.payload);
    return this.#carry(chunk.payload, op);
  }

  endLayer(diffId: string, length: number): void | Promise<void> {
    return this.#queue({ op: 'end-layer', diffId, length });
  }

  /** Inline: runs an operation at once, with a write's bytes as they are (no copy). */
  #runNow(op: DiskOp, data: Uint8Array): void {
    try {
      this.#inline!.runNow(op, data);
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { digest?: string };
      if (e.code === 'CAIRN_CORRUPT') {
        this.#fail(new CorruptDataError(e.message, e.digest ? { digest: e.digest } : {}));
        throw this.#failure;
      }
      const path = 'path' in op ? Buffer.from(op.path, 'latin1').toString('utf8') : undefined;
      this.#fail(new CairnError('CAIRN_IO', `rootfs export: ${op.op}${path ? ` ${JSON.stringify(path)}` : ''}: ${e.message}`, { ...(path ? { path } : {}), cause: error }));
      throw this.#failure;
    }
  }

  /** A write of `bytes` at `position` of `file`: copied into the batch, or written now inline. */
  #addWrite(file: number, bytes: Uint8Array, position: number): void | Promise<void> {
    if (this.#inline) return this.#runNow({ op: 'write', file, offset: 0, length: bytes.length, position }, bytes);
    return this.#carry(bytes, (offset) => ({ op: 'write', file, offset, length: bytes.length, position }));
  }

  /** Copies `bytes` into the batch's data for the operation `op(offset)`, sending the batch first when they do not fit. */
  #carry(bytes: Uint8Array, op: (offset: number) => DiskOp): void | Promise<void> {
    if (this.#dataLength > 0 && this.#dataLength + bytes.length > this.#data.length) return this.#send().then(() => this.#carry(bytes, op));
    // A piece larger than a batch buffer (possible with whole-file chunks) gets a buffer of its own.
    if (bytes.length > this.#data.length) this.#data = new Uint8Array(bytes.length);
    this.#data.set(bytes, this.#dataLength);
    this.#ops.push(op(this.#dataLength));
    this.#dataLength += bytes.length;
    if (this.#ops.length >= BATCH_OPS || this.#dataLength >= BATCH_BYTES) return this.#send();
  }

  symlink(path: ByteString, inode: Inode): void | Promise<void> {
    inode.onDisk = true;
    return this.#queue({ op: 'symlink', path: this.#absolute(path), target: inode.target, meta: this.#opMetadata(inode.meta) });
  }

  special(): void {
    // Made at the end, once the tree is final (special-files.ts).
  }

  /** Waits for the worker, then: device nodes and fifos, extended attributes, directory metadata (deepest first). */
  async finish(tree: RootfsTree): Promise<void> {
    await this.settle();
    await this.close();
    const dirs: { path: ByteString; dir: DirNode }[] = [];
    const inodePaths = new Map<Inode, ByteString[]>();
    for (const { path, node } of tree.walk()) {
      if (node.kind === 'dir') dirs.push({ path, dir: node });
      else {
        const paths = inodePaths.get(node.inode);
        if (paths) paths.push(path);
        else inodePaths.set(node.inode, [path]);
      }
    }
    this.#makeSpecials(inodePaths);

    const deferred: { path: ByteString; dir: DirNode }[] = [];
    for (let i = dirs.length - 1; i >= 0; i--) {
      const { path, dir } = dirs[i]!;
      const at = this.#bytes(path);
      if (!this.#rootless) lchownSync(at, dir.meta.uid, dir.meta.gid);
      // Rootless, a directory the owner cannot enter waits until the attributes under it are set.
      if (!this.#rootless || (dir.meta.mode & OWNER_RWX) === OWNER_RWX) chmodSync(at, dir.meta.mode);
      else deferred.push(dirs[i]!);
    }

    const targets: XattrTarget[] = [];
    let recordedOwners = 0;
    const addTarget = (path: ByteString, meta: Metadata) => {
      let xattrs = meta.xattrs;
      if (this.#rootless) {
        const owner = rootlessOwnerXattr(meta.uid, meta.gid);
        if (owner) {
          xattrs = new Map([...xattrs, [ROOTLESS_XATTR, owner]]);
          recordedOwners++;
        }
      }
      if (xattrs.size > 0) targets.push({ path: this.#absolute(path), shown: '/' + displayPath(path), xattrs });
    };
    for (const { path, dir } of dirs) addTarget(path, dir.meta);
    for (const [inode, paths] of inodePaths) addTarget(paths[0]!, inode.meta);
    if (recordedOwners > 0) {
      this.#warnings.add('rootless-owners', `rootless: owners not applied; ${recordedOwners} file(s) owned by other users record their owner in ${ROOTLESS_XATTR}`);
    }
    applyXattrs(targets, this.#warnings);

    for (const { path, dir } of deferred) chmodSync(this.#bytes(path), dir.meta.mode);
    for (let i = dirs.length - 1; i >= 0; i--) {
      const { path, dir } = dirs[i]!;
      utimesSync(this.#bytes(path), timeArg(dir.meta.atime), timeArg(dir.meta.mtime));
    }
  }

  #makeSpecials(inodePaths: Map<Inode, ByteString[]>): void {
    const wanted: SpecialNode[] = [];
    const placeholders: SpecialNode[] = [];
    for (const [inode, paths] of inodePaths) {
      if (inode.onDisk || inode.kind === 'file' || inode.kind === 'symlink') continue;
      const node = { path: this.#absolute(paths[0]!), inode };
      if (this.#rootless && inode.kind !== 'fifo') {
        placeholders.push(node);
        this.#warnings.add('rootless-device', `rootless: device ${JSON.stringify('/' + displayPath(paths[0]!))} (${inode.kind} ${inode.devmajor}:${inode.devminor}) made as an empty file, as umoci --rootless does`);
      } else wanted.push(node);
    }
    const { failed, message } = makeSpecialNodes(wanted);
    for (const node of failed) {
      placeholders.push(node);
      const shown = displayPath(node.path.slice(this.#root.length + 1));
      this.#warnings.add('device-denied', `cannot make device node ${JSON.stringify('/' + shown)} (${node.inode.kind} ${node.inode.devmajor}:${node.inode.devminor}; needs CAP_MKNOD: ${message}): made an empty file in its place`);
    }
    const isPlaceholder = new Set(placeholders.map((p) => p.inode));
    for (const node of placeholders) closeSync(openSync(Buffer.from(node.path, 'latin1'), CREATE_FILE, 0o600));
    for (const node of [...wanted.filter((n) => !isPlaceholder.has(n.inode)), ...placeholders]) {
      node.inode.onDisk = true;
      const at = Buffer.from(node.path, 'latin1');
      const paths = inodePaths.get(node.inode)!;
      for (const other of paths.slice(1)) linkSync(at, this.#bytes(other));
      const meta = node.inode.meta;
      if (!this.#rootless) lchownSync(at, meta.uid, meta.gid);
      chmodSync(at, meta.mode);
      lutimesSync(at, timeArg(meta.atime), timeArg(meta.mtime));
    }
  }
}
