/**
 * zstd compression of a stream off the calling thread: a Transform that gives the same bytes as
 * zstd-napi's CompressStream with the same parameters, compressed on a worker thread
 * (zstd-stream-worker.ts) while the calling thread makes the next input. A zstd layer (export
 * oci, export layer, push, an original zstd blob rebuilt) was compressed on the thread that also
 * rebuilt the layer from its chunks (reads, decompression, the DiffID's sha256), one after the
 * other.
 *
 * The input goes to the worker copied into pieces of PIECE_BYTES (transferred, one message each)
 * and at most IN_FLIGHT_BYTES of it wait there; the pieces of compressed output come back in
 * order. A stream that ends within INLINE_BYTES is compressed here by CompressStream itself: a
 * worker costs about 0.1 s of CPU to start, more than compressing a few MiB.
 */
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { Transform, type TransformCallback } from 'node:stream';
import { CompressStream } from 'zstd-napi';
import { WorkerPool, type Lane } from './workers/pool.js';
import type { ZstdStreamJob, ZstdStreamParameters } from './zstd-stream-worker.js';

export type { ZstdStreamParameters } from './zstd-stream-worker.js';

/** Streams that end within this many bytes are compressed on the calling thread. */
export const INLINE_BYTES = 4 << 20;
const PIECE_BYTES = 1 << 20;
const IN_FLIGHT_BYTES = 8 << 20;

let pool: WorkerPool<ZstdStreamJob, Uint8Array> | undefined;
let streams = 0;

function newLane(): Lane<ZstdStreamJob, Uint8Array> {
  pool ??= new WorkerPool({ script: new URL('./zstd-stream-worker.js', import.meta.url), threads: Math.min(2, availableParallelism()), name: 'zstd stream worker' });
  return pool.lane();
}

/** A Transform that zstd-compresses what goes through it: the bytes of `new CompressStream(parameters)`. */
export function createZstdStream(parameters: ZstdStreamParameters): Transform {
  return new ZstdStream(parameters);
}

class ZstdStream extends Transform {
  readonly #parameters: ZstdStreamParameters;
  /** Input copied and held until INLINE_BYTES have come; undefined once the worker has it. */
  #held: Buffer[] | undefined = [];
  #heldBytes = 0;
  #lane: Lane<ZstdStreamJob, Uint8Array> | undefined;
  readonly #id = streams++;
  #piece: Uint8Array | undefined;
  #pieceAt = 0;
  /** Jobs sent whose output is not pushed yet, the oldest first; each settles after the one before. */
  #pending: Promise<void>[] = [];
  #last: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #ended = false;

  constructor(parameters: ZstdStreamParameters) {
    super();
    this.#parameters = { ...parameters };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#take(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    this.#finish().then(() => done(), done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (this.#lane && !this.#ended) this.#lane.run({ op: 'drop', stream: this.#id }).catch(() => undefined);
    this.#ended = true;
    done(error);
  }

  async #take(chunk: Buffer): Promise<void> {
    if (this.#held) {
      this.#held.push(Buffer.from(chunk));
      this.#heldBytes += chunk.length;
      if (this.#heldBytes < INLINE_BYTES) return;
      const held = this.#held;
      this.#held = undefined;
      this.#lane = newLane();
      this.#send({ op: 'open', stream: this.#id, parameters: this.#parameters }, 0);
      for (const piece of held) await this.#append(piece);
      return;
    }
    await this.#append(chunk);
  }

  /** Copies `bytes` into pieces, sending each once full; waits while too much is in flight. */
  async #append(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length;) {
      this.#piece ??= new Uint8Array(PIECE_BYTES);
      const n = Math.min(bytes.length - at, PIECE_BYTES - this.#pieceAt);
      this.#piece.set(bytes.subarray(at, at + n), this.#pieceAt);
      this.#pieceAt += n;
      at += n;
      if (this.#pieceAt === PIECE_BYTES) this.#sendPiece();
      while (this.#inFlight > IN_FLIGHT_BYTES) await this.#pending[0];
    }
  }

  #sendPiece(): void {
    const data = this.#piece!.subarray(0, this.#pieceAt);
    this.#piece = undefined;
    this.#pieceAt = 0;
    this.#send({ op: 'data', stream: this.#id, data }, data.length, [data.buffer as ArrayBuffer]);
  }

  /** Sends a job on the stream's lane; its output is pushed after every earlier job's. */
  #send(job: ZstdStreamJob, bytes: number, transfer?: ArrayBuffer[]): void {
    const answer = this.#lane!.run(job, transfer);
    answer.catch(() => undefined); // awaited in turn below
    this.#inFlight += bytes;
    const pushed = this.#last.then(() => answer).then((out) => {
      this.#pending.shift();
      this.#inFlight -= bytes;
      if (out.length > 0) this.push(Buffer.from(out.buffer, out.byteOffset, out.length));
    });
    pushed.catch(() => undefined); // awaited by #append or #finish
    this.#last = pushed;
    this.#pending.push(pushed);
  }

  async #finish(): Promise<void> {
    if (this.#held) {
      await this.#inline(this.#held);
      this.#held = undefined;
      return;
    }
    if (this.#pieceAt > 0) this.#sendPiece();
    this.#send({ op: 'end', stream: this.#id }, 0);
    this.#ended = true;
    await this.#last;
  }

  /** A short stream, compressed here by CompressStream itself. */
  async #inline(pieces: readonly Buffer[]): Promise<void> {
    const stream = new CompressStream(this.#parameters);
    stream.on('data', (out: Buffer) => this.push(out));
    const ended = once(stream, 'end');
    for (const piece of pieces) stream.write(piece);
    stream.end();
    await ended;
  }
}
