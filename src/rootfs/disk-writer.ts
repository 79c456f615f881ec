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
 * in batches that carry the file data with them — as the packs store it: the worker
 * decompresses it, checks each layer's DiffID and writes (recipe-feed.ts) — while the export
 * goes on parsing the next entries, and waits only when a few batches are still unwritten
 * (the bound on memory). At the end, once the worker has written everything, this thread
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
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CairnError, CorruptDataError } from '../errors.js';
import type { TarHeader } from '../tar/index.js';
import type { ByteString } from './byte-paths.js';
import type { EntrySink } from './apply-entry.js';
import type { DiskBatch, DiskOp, DiskReply, OpMetadata } from './disk-ops.js';
import { DiskOpRunner } from './disk-runner.js';
import { placeFileData } from './file-data.js';
import type { FeedChunk, FeedSink, RecipeFeed } from './recipe-feed.js';
import type { Inode, Metadata, RootfsTree, TreeMirror, TreeNode } from './tree.js';
import { finishTree } from './tree-finish.js';
import type { Warnings } from './warnings.js';

const EMPTY = new Uint8Array(0);
/** Mode of directories while the export works in them. */
const WORKING_DIR_MODE = 0o700;
/**
 * A batch is sent once it carries this much data (its buffer's size; the buffers go back and
 * forth), or has the writer read this much from packs and write it, or holds this many
 * operations. Small enough that the writer's work on the last batch, which
 * nothing overlaps, stays short (with 4 MiB and 4,096 operations it was a tenth of a small
 * image's export).
 */
const BATCH_BYTES = 1 << 20;
const BATCH_OPS = 1024;
/** Batches sent and not yet written before the export waits: with BATCH_BYTES, the bound on memory (16 MiB). */
const BATCHES_IN_FLIGHT = 16;
/**
 * The first batch is BATCH_OPS and BATCH_BYTES shifted right by this much, and each one after
 * it twice the one before, up to the full size: the writer thread then starts on the first
 * files at once instead of idling while the export parses a layer's first entries. Batches in
 * flight are bounded by their operations and buffer bytes, so that small ones count for what
 * they hold.
 */
const FIRST_BATCH_SHIFT = 4;

/** Mode of a new file whose final mode cannot be given to open (setuid, setgid, sticky, or bits the umask takes). */
const PRIVATE_FILE_MODE = 0o600;
const SPECIAL_BITS = 0o7000;


const WRITER_SCRIPT = new URL('./disk-worker.js', import.meta.url);

/** A writer thread started ahead of its DiskWriter (prestartDiskWriter), and whether it has already failed. */
let spare: { worker: Worker; dead: boolean } | undefined;

/**
 * Starts the writer thread of the next DiskWriter now, so that its start (about 0.1 s: a
 * thread, an isolate, its modules) runs beside the caller's own (the CLI loading the store and
 * opening it) instead of after it. One that no DiskWriter takes keeps nothing alive; one that
 * fails before it is taken is replaced.
 */
export function prestartDiskWriter(): void {
  if (spare || availableParallelism() < 2) return;
  const held = { worker: new Worker(WRITER_SCRIPT), dead: false };
  held.worker.on('error', () => (held.dead = true));
  held.worker.on('exit', () => (held.dead = true));
  held.worker.unref();
  spare = held;
}

function writerThread(): Worker {
  const held = spare;
  spare = undefined;
  if (!held || held.dead) return new Worker(WRITER_SCRIPT);
  held.worker.ref();
  return held.worker;
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
  /** Bytes of chunks the current batch has the writer read from their packs (not carried). */
  #located = 0;
  /** Data buffers the worker has handed back. */
  readonly #free: ArrayBuffer[] = [];
  #nextBatch = 0;
  #nextFile = 0;
  /** Batches sent, by id, with what to call when the worker answers. */
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  /** The current batch's size: BATCH_OPS and BATCH_BYTES shifted right by this much. */
  #shift = FIRST_BATCH_SHIFT;
  /** Operations and buffer bytes of the batches sent and not yet answered. */
  #inFlight = { ops: 0, bytes: 0, byBatch: new Map<number, { ops: number; bytes: number }>() };
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
    this.#data = new Uint8Array(BATCH_BYTES >> this.#shift);
    const worker = writerThread();
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
    const sent = this.#inFlight.byBatch.get(reply.id);
    if (sent) {
      this.#inFlight.byBatch.delete(reply.id);
      this.#inFlight.ops -= sent.ops;
      this.#inFlight.bytes -= sent.bytes;
    }
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
    if (this.#full()) return this.#send();
  }

  #full(): boolean {
    return this.#ops.length >= BATCH_OPS >> this.#shift || this.#dataLength + this.#located >= BATCH_BYTES >> this.#shift;
  }

  /** Sends the current batch; resolves once less than BATCHES_IN_FLIGHT full batches' worth is unwritten. */
  async #send(): Promise<void> {
    this.#check();
    if (this.#ops.length > 0) {
      const batch: DiskBatch = { id: this.#nextBatch++, ops: this.#ops, data: this.#data.buffer as ArrayBuffer };
      const sent = { ops: batch.ops.length, bytes: batch.data.byteLength };
      this.#inFlight.byBatch.set(batch.id, sent);
      this.#inFlight.ops += sent.ops;
      this.#inFlight.bytes += sent.bytes;
      this.#ops = [];
      if (this.#shift > 0) this.#shift--;
      const reuse = this.#shift === 0 ? this.#free.pop() : undefined;
      this.#data = reuse ? new Uint8Array(reuse) : new Uint8Array(BATCH_BYTES >> this.#shift);
      this.#dataLength = 0;
      this.#located = 0;
      const done = new Promise<void>((resolve, reject) => this.#pending.set(batch.id, { resolve, reject }));
      done.catch(() => undefined);
      this.#worker!.postMessage(batch, [batch.data]);
    }
    while (this.#pending.size > 0 && (this.#inFlight.ops >= BATCHES_IN_FLIGHT * BATCH_OPS || this.#inFlight.bytes >= BATCHES_IN_FLIGHT * BATCH_BYTES)) await this.#oldest();
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

  chunk(file: number | undefined, position: number, chunk: FeedChunk): void | Promise<void> {
    if (!('payload' in chunk)) {
      this.#located += chunk.location.uncompressedLength;
      return this.#queue({ op: 'chunk-at', file: file ?? -1, position, packFile: chunk.path, location: chunk.location, hex: chunk.hex });
    }
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
    if (this.#full()) return this.#send();
  }

  symlink(path: ByteString, inode: Inode): void | Promise<void> {
    inode.onDisk = true;
    return this.#queue({ op: 'symlink', path: this.#absolute(path), target: inode.target, meta: this.#opMetadata(inode.meta) });
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
