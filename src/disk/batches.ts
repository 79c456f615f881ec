/**
 * Sending file system operations (ops.ts) to the writer thread (worker.ts) in batches, in
 * order, or running them at once on this thread (on one core, or when asked). The data of a
 * write travels in the batch's buffer; chunks the writer reads from the packs itself travel as
 * their places only. The reader of the layers goes on while the writer works, and waits only
 * when too much is unwritten (the bound on memory). The first failure, of any operation or of
 * the thread, fails every batch after it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CairnError, CorruptDataError } from '../errors.js';
import type { LocatedChunk, StoredChunk } from '../store/index.js';
import type { DiskBatch, DiskOp, DiskReply } from './ops.js';
import { DiskOpRunner } from './runner.js';

const EMPTY = new Uint8Array(0);
/**
 * A batch is sent once it carries this much data (its buffer's size; the buffers go back and
 * forth), or has the writer read this much from packs and write it, or holds this many
 * operations. Small enough that the writer's work on the last batch, which nothing overlaps,
 * stays short (with 4 MiB and 4,096 operations it was a tenth of a small image's export).
 */
const BATCH_BYTES = 1 << 20;
const BATCH_OPS = 1024;
/** Batches sent and not yet written before the reader waits: with BATCH_BYTES, the bound on memory (16 MiB). */
const BATCHES_IN_FLIGHT = 16;
/**
 * The first batch is BATCH_OPS and BATCH_BYTES shifted right by this much, and each one after
 * it twice the one before, up to the full size: the writer thread then starts on the first
 * operations at once instead of idling while the reader parses a layer's first entries.
 * Batches in flight are bounded by their operations and buffer bytes, so that small ones count
 * for what they hold.
 */
const FIRST_BATCH_SHIFT = 4;

const WRITER_SCRIPT = new URL('./worker.js', import.meta.url);

/** A chunk's length once decompressed, located or as stored. */
export function chunkLength(chunk: LocatedChunk | StoredChunk): number {
  return 'payload' in chunk ? chunk.length : chunk.location.member?.length ?? chunk.location.uncompressedLength;
}

/** A writer thread started ahead of its batches (prestartDiskWriter), and whether it has already failed. */
let spare: { worker: Worker; dead: boolean } | undefined;

/**
 * Starts the writer thread of the next DiskBatches now, so that its start (about 0.1 s: a
 * thread, an isolate, its modules) runs beside the caller's own (the CLI loading the store and
 * opening it) instead of after it. One that nothing takes keeps nothing alive; one that fails
 * before it is taken is replaced.
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

export interface DiskBatchesOptions {
  /** Names the work in errors ("rootfs export"). */
  what: string;
  /** Run the operations on this thread instead of a worker thread. @default true on a machine with one core */
  inline?: boolean;
}

export class DiskBatches {
  readonly #what: string;
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
  /** Batches sent, by id, with what to call when the worker answers. */
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  /** The current batch's size: BATCH_OPS and BATCH_BYTES shifted right by this much. */
  #shift = FIRST_BATCH_SHIFT;
  /** Operations and buffer bytes of the batches sent and not yet answered. */
  #inFlight = { ops: 0, bytes: 0, byBatch: new Map<number, { ops: number; bytes: number }>() };
  #failure: unknown;
  #closed = false;

  constructor(options: DiskBatchesOptions) {
    this.#what = options.what;
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
      if (!this.#closed) this.#fail(new CairnError('CAIRN_IO', `the ${this.#what} writer thread stopped (exit code ${code})`));
    });
    this.#worker = worker;
  }

  /** Queues an operation (or runs it now, inline); sends the batch when it is full, waiting if too much is in flight. */
  queue(op: DiskOp): void | Promise<void> {
    if (this.#inline) return this.#runNow(op, EMPTY);
    this.#ops.push(op);
    if (this.#full()) return this.#send();
  }

  /**
   * A chunk of file data to add to the layer's hash and write at `position` of `file` (-1:
   * hash only): a located one is read from its pack by the writer (its length counts toward the
   * batch's size, nothing is carried); one as stored is carried.
   */
  chunk(file: number, position: number, chunk: LocatedChunk | StoredChunk): void | Promise<void> {
    if ('payload' in chunk) {
      return this.carry(chunk.payload, (offset) => ({ op: 'chunk', file, position, offset, stored: chunk.payload.length, length: chunk.length, zstd: chunk.zstd }));
    }
    this.#located += chunkLength(chunk);
    return this.queue({ op: 'chunk-at', file, position, packFile: chunk.path, location: chunk.location, hex: chunk.hex });
  }

  /**
   * Copies `bytes` into the batch's data for the operation `op(offset)`, sending the batch
   * first when they do not fit; inline, runs `op(0)` on `bytes` as they are (no copy).
   */
  carry(bytes: Uint8Array, op: (offset: number) => DiskOp): void | Promise<void> {
    if (this.#inline) return this.#runNow(op(0), bytes);
    if (this.#dataLength > 0 && this.#dataLength + bytes.length > this.#data.length) return this.#send().then(() => this.carry(bytes, op));
    // A piece larger than a batch buffer (possible with whole-file chunks) gets a buffer of its own.
    if (bytes.length > this.#data.length) this.#data = new Uint8Array(bytes.length);
    this.#data.set(bytes, this.#dataLength);
    this.#ops.push(op(this.#dataLength));
    this.#dataLength += bytes.length;
    if (this.#full()) return this.#send();
  }

  /** Sends what is queued and waits until the worker has run all of it; throws its failure. */
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

  /** Batches sent to the writer thread so far (the last, closing one included once closed). */
  get sent(): number {
    return this.#nextBatch;
  }

  #full(): boolean {
    return this.#ops.length >= BATCH_OPS >> this.#shift || this.#dataLength + this.#located >= BATCH_BYTES >> this.#shift;
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
    this.#fail(new CairnError('CAIRN_IO', `${this.#what}: ${reply.op}${where}: ${reply.message}`, reply.path ? { path: reply.path } : {}));
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
    for (const waiter of this.#pending.values()) waiter.reject(this.#failure);
    this.#pending.clear();
  }

  #check(): void {
    if (this.#failure !== undefined) throw this.#failure;
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
      this.#fail(new CairnError('CAIRN_IO', `${this.#what}: ${op.op}${path ? ` ${JSON.stringify(path)}` : ''}: ${e.message}`, { ...(path ? { path } : {}), cause: error }));
      throw this.#failure;
    }
  }
}
