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
import { DiskOpRunner } from './disk-runner.js';
import { placeFileData } from './file-data.js';
import { finishTree } from './tree-finish.js';
const EMPTY = new Uint8Array(0);
/** Mode of directories while the export works in them. */
const WORKING_DIR_MODE = 0o700;
/** A batch is sent once it carries this much data (its buffer's size; the buffers go back and forth) ... */
const BATCH_BYTES = 4 << 20;
/** ... or this many operations. */
const BATCH_OPS = 4096;
/** Batches sent and not yet written before the export waits: with BATCH_BYTES, the bound on memory. */
const BATCHES_IN_FLIGHT = 4;
/** Mode of a new file whose final mode cannot be given to open (setuid, setgid, sticky, or bits the umask takes). */
const PRIVATE_FILE_MODE = 0o600;
const SPECIAL_BITS = 0o7000;
export class DiskWriter {
    /** The target directory's absolute path, as a byte string. */
    #root;
    #rootless;
    #warnings;
    /** The worker thread, or the runner on this thread. */
    #worker;
    #inline;
    #ops = [];
    /** The current batch's data; `#dataLength` bytes of it are used (none inline). */
    #data;
    #dataLength = 0;
    /** Data buffers the worker has handed back. */
    #free = [];
    #nextBatch = 0;
    #nextFile = 0;
    /** Batches sent, by id, with what to call when the worker answers. */
    #pending = new Map();
    #failure;
    #closed = false;
    /** Owner a new file gets by itself (none known when the target's setgid bit decides the group). */
    #defaultOwner;
    #umask;
    /**
     * The layer being read through a RecipeFeed: a regular file's data then goes from the
     * store to the writer's thread as stored chunks (recipe-feed.ts), not through this thread.
     */
    feed;
    constructor(root, options) {
        this.#root = Buffer.from(root, 'utf8').toString('latin1');
        this.#rootless = options.rootless;
        this.#warnings = options.warnings;
        this.#umask = process.umask();
        this.#defaultOwner = options.rootSetgid || typeof process.geteuid !== 'function' ? undefined : { uid: process.geteuid(), gid: process.getegid() };
        if (options.inline ?? (process.env.XINLINE ? true : availableParallelism() < 2)) {
            this.#inline = new DiskOpRunner();
            this.#data = EMPTY;
            return;
        }
        this.#data = new Uint8Array(BATCH_BYTES);
        const worker = new Worker(new URL('./disk-worker.js', import.meta.url));
        worker.on('message', (reply) => this.#answer(reply));
        worker.on('error', (error) => this.#fail(error));
        worker.on('exit', (code) => {
            if (!this.#closed)
                this.#fail(new CairnError('CAIRN_IO', `the rootfs writer thread stopped (exit code ${code})`));
        });
        this.#worker = worker;
    }
    #absolute(path) {
        return path === '' ? this.#root : `${this.#root}/${path}`;
    }
    /** The metadata operations a new object needs, given the mode it was created with (undefined: none, a symlink). */
    #opMetadata(meta, createdMode) {
        const owner = this.#defaultOwner;
        const chown = !this.#rootless && !(owner && owner.uid === meta.uid && owner.gid === meta.gid);
        return { uid: meta.uid, gid: meta.gid, chown, mode: meta.mode, chmod: createdMode !== meta.mode, atime: meta.atime, mtime: meta.mtime };
    }
    /** The mode to create a file with: its own when open can give it exactly, else a private one (chmod follows). */
    #creationMode(mode) {
        return (mode & SPECIAL_BITS) === 0 && (mode & this.#umask) === 0 ? mode : PRIVATE_FILE_MODE;
    }
    #answer(reply) {
        if (reply.data.byteLength === BATCH_BYTES)
            this.#free.push(reply.data);
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
    #fail(error) {
        this.#failure ??= error;
        for (const waiter of this.#pending.values())
            waiter.reject(this.#failure);
        this.#pending.clear();
    }
    #check() {
        if (this.#failure !== undefined)
            throw this.#failure;
    }
    /** Queues an operation (or runs it now, inline); sends the batch when it is full, waiting if too many are in flight. */
    #queue(op) {
        if (this.#inline)
            return this.#runNow(op, EMPTY);
        this.#ops.push(op);
        if (this.#ops.length >= BATCH_OPS || this.#dataLength >= BATCH_BYTES)
            return this.#send();
    }
    /** Sends the current batch; resolves once fewer than BATCHES_IN_FLIGHT are unwritten. */
    async #send() {
        this.#check();
        if (this.#ops.length > 0) {
            const batch = { id: this.#nextBatch++, ops: this.#ops, data: this.#data.buffer };
            this.#ops = [];
            const reuse = this.#free.pop();
            this.#data = reuse ? new Uint8Array(reuse) : new Uint8Array(BATCH_BYTES);
            this.#dataLength = 0;
            const done = new Promise((resolve, reject) => this.#pending.set(batch.id, { resolve, reject }));
            done.catch(() => undefined);
            this.#worker.postMessage(batch, [batch.data]);
        }
        while (this.#pending.size >= BATCHES_IN_FLIGHT)
            await this.#oldest();
    }
    #oldest() {
        const id = Math.min(...this.#pending.keys());
        return new Promise((resolve, reject) => {
            const waiter = this.#pending.get(id);
            this.#pending.set(id, {
                resolve: () => (waiter.resolve(), resolve()),
                reject: (error) => (waiter.reject(error), reject(error)),
            });
        });
    }
    /** Sends what is queued and waits until the worker has written all of it; throws its failure. */
    async settle() {
        await this.#send();
        while (this.#pending.size > 0)
            await this.#oldest();
        this.#check();
    }
    /**
     * Stops the worker (after a failure too): it closes the descriptors it still holds and runs
     * nothing more; nothing is written after this resolves.
     */
    async close() {
        if (this.#closed)
            return;
        const last = { id: this.#nextBatch++, ops: [], data: new ArrayBuffer(0), last: true };
        const worker = this.#worker;
        if (!worker) {
            this.#inline.run(last);
            this.#closed = true;
            return;
        }
        // Batches are run in order: once `last` is answered, everything sent before it is done.
        let listener;
        const answered = new Promise((resolve) => {
            listener = (reply) => {
                if (reply.id === last.id)
                    resolve();
            };
            worker.on('message', listener);
            worker.once('exit', () => resolve());
        });
        worker.postMessage(last, [last.data]);
        await answered;
        worker.off('message', listener);
        this.#closed = true;
        await worker.terminate();
    }
    mkdir(path) {
        return this.#queue({ op: 'mkdir', path: this.#absolute(path), mode: WORKING_DIR_MODE });
    }
    remove(path, node) {
        if (node.kind === 'dir')
            return this.#queue({ op: 'rmdir-all', path: this.#absolute(path) });
        if (node.inode.onDisk)
            return this.#queue({ op: 'unlink', path: this.#absolute(path) });
    }
    link(existing, path, inode) {
        if (inode.onDisk)
            return this.#queue({ op: 'link', existing: this.#absolute(existing), path: this.#absolute(path) });
    }
    async writeFile(path, inode, header, data) {
        const file = this.#nextFile++;
        inode.onDisk = true;
        const mode = this.#creationMode(inode.meta.mode);
        await this.#queue({ op: 'open', file, path: this.#absolute(path), mode });
        const feed = this.feed;
        let truncate;
        if (feed && !header.sparse) {
            // The data goes from the store to the writer as chunks; the reader gets placeholders.
            feed.claim(file, header.size);
            for await (const _ of data)
                ;
            feed.release();
            inode.size = header.size;
        }
        else {
            feed?.claim(file, header.size, true);
            const placed = await placeFileData(header, data, (bytes, position) => this.#addWrite(file, bytes, position));
            feed?.release();
            inode.size = placed.size;
            if (placed.sparse)
                truncate = placed.size;
        }
        const close = { op: 'close', file, meta: this.#opMetadata(inode.meta, mode) };
        if (truncate !== undefined)
            close.truncate = truncate;
        await this.#queue(close);
    }
    hash(bytes) {
        if (this.#inline)
            return this.#runNow({ op: 'hash', offset: 0, length: bytes.length }, bytes);
        return this.#carry(bytes, (offset) => ({ op: 'hash', offset, length: bytes.length }));
    }
    chunk(file, position, chunk) {
        const op = (offset) => ({ op: 'chunk', file: file ?? -1, position, offset, stored: chunk.payload.length, length: chunk.length, zstd: chunk.zstd });
        if (this.#inline)
            return this.#runNow(op(0), chunk.payload);
        return this.#carry(chunk.payload, op);
    }
    endLayer(diffId, length) {
        return this.#queue({ op: 'end-layer', diffId, length });
    }
    /** Inline: runs an operation at once, with a write's bytes as they are (no copy). */
    #runNow(op, data) {
        try {
            this.#inline.runNow(op, data);
        }
        catch (error) {
            const e = error;
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
    #addWrite(file, bytes, position) {
        if (this.#inline)
            return this.#runNow({ op: 'write', file, offset: 0, length: bytes.length, position }, bytes);
        return this.#carry(bytes, (offset) => ({ op: 'write', file, offset, length: bytes.length, position }));
    }
    /** Copies `bytes` into the batch's data for the operation `op(offset)`, sending the batch first when they do not fit. */
    #carry(bytes, op) {
        if (this.#dataLength > 0 && this.#dataLength + bytes.length > this.#data.length)
            return this.#send().then(() => this.#carry(bytes, op));
        // A piece larger than a batch buffer (possible with whole-file chunks) gets a buffer of its own.
        if (bytes.length > this.#data.length)
            this.#data = new Uint8Array(bytes.length);
        this.#data.set(bytes, this.#dataLength);
        this.#ops.push(op(this.#dataLength));
        this.#dataLength += bytes.length;
        if (this.#ops.length >= BATCH_OPS || this.#dataLength >= BATCH_BYTES)
            return this.#send();
    }
    symlink(path, inode) {
        inode.onDisk = true;
        return this.#queue({ op: 'symlink', path: this.#absolute(path), target: inode.target, meta: this.#opMetadata(inode.meta) });
    }
    special() {
        // Made at the end, once the tree is final (special-files.ts).
    }
    /** Waits for the worker, then finishes the tree on this thread (tree-finish.ts). */
    async finish(tree) {
        await this.settle();
        await this.close();
        finishTree(tree, { root: this.#root, rootless: this.#rootless, warnings: this.#warnings });
    }
}
//# sourceMappingURL=disk-writer.js.map