/**
 * Compressed sizes without keeping compressed bytes: what a chunk costs compressed alone (zstd,
 * or raw when zstd saves less than RAW_THRESHOLD, as the store decides), and the gzip and
 * zstd sizes of whole streams (a layer, a layer's framing, a file too large to hold).
 *
 * Chunk sizes use one-shot compression (`Compressor.compress`), so they equal what ingest
 * stores byte for byte in a store without chunk groups (`groupSize: 0`). A store with groups
 * compresses new chunks together (and x86 code filtered) and keeps less: the report's chunk
 * figures are the per-chunk model the README describes. Streams use zstd's streaming API
 * with the input length pledged when it is known: for inputs under about 64 KiB the output is
 * the same as one-shot, beyond that it can differ by a fraction of a percent.
 *
 * gzip runs on libuv's thread pool (node:zlib streams), so it overlaps the chunking and
 * hashing on the main thread. Two settings make that overlap real: a large output buffer
 * (with zlib's default 16 KiB, each thread-pool job stops after 16 KiB of output and waits for
 * the busy main thread to schedule the next), and a write queue of GZIP_QUEUE_BYTES, past
 * which writes wait for it to drain (the queued pieces are referenced, not copied).
 */
import { once } from 'node:events';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';
import { Compressor } from 'zstd-napi';
import binding from 'zstd-napi/binding.js';

/** Stored raw unless zstd output is below this fraction of the input (the store's rule). */
export const RAW_THRESHOLD = 0.97;

/** Sizes chunks as a store without chunk groups stores them. */
export class ChunkSizer {
  readonly #compressor = new Compressor();

  constructor(readonly level: number) {
    this.#compressor.setParameters({ compressionLevel: level });
  }

  /** Bytes the chunk takes in a store: its zstd size, or its own length when zstd saves too little. */
  storedLength(bytes: Uint8Array): number {
    if (bytes.length === 0) return 0;
    const compressed = this.#compressor.compress(bytes).length;
    return storedOrRaw(compressed, bytes.length);
  }
}

/** The store's raw-or-compressed decision, on lengths. */
export function storedOrRaw(compressedLength: number, rawLength: number): number {
  return compressedLength >= rawLength * RAW_THRESHOLD ? rawLength : compressedLength;
}

const OUT_SIZE = binding.cStreamOutSize();
const EMPTY = new Uint8Array(0);

/** The zstd-compressed size of a stream fed piece by piece; synchronous, on the calling thread. */
export class ZstdStreamSize {
  readonly #cctx = new binding.CCtx();
  readonly #out: Buffer;
  #bytes = 0;
  #inputBytes = 0;
  #ended = false;

  /** `pledgedLength`: the input's exact length, when known (the frame then records it, as one-shot compression does). */
  constructor(level: number, pledgedLength?: number, scratch?: Buffer) {
    this.#cctx.setParameter(binding.CParameter.compressionLevel, level);
    if (pledgedLength !== undefined) this.#cctx.setPledgedSrcSize(pledgedLength);
    this.#out = scratch ?? Buffer.allocUnsafe(OUT_SIZE);
  }

  get inputBytes(): number {
    return this.#inputBytes;
  }

  update(bytes: Uint8Array): void {
    if (this.#ended) throw new TypeError('ZstdStreamSize: update after end');
    this.#inputBytes += bytes.length;
    let input = bytes;
    while (input.length > 0) {
      const [, produced, consumed] = this.#cctx.compressStream2(this.#out, input, binding.EndDirective.continue);
      this.#bytes += produced;
      input = input.subarray(consumed);
    }
  }

  /** Ends the frame; returns the compressed size. An empty input gives 0 (nothing to store). */
  end(): number {
    if (this.#ended) return this.#bytes;
    this.#ended = true;
    if (this.#inputBytes === 0) return 0;
    for (;;) {
      const [remaining, produced] = this.#cctx.compressStream2(this.#out, EMPTY, binding.EndDirective.end);
      this.#bytes += produced;
      if (remaining === 0) break;
    }
    return this.#bytes;
  }
}

/** A scratch output buffer for ZstdStreamSize instances used one after another. */
export function zstdScratch(): Buffer {
  return Buffer.allocUnsafe(OUT_SIZE);
}

const GZIP_OUTPUT_BYTES = 1 << 20;
const GZIP_QUEUE_BYTES = 8 << 20;

/** The gzip size of a stream, compressed on the thread pool. */
export class GzipStreamSize {
  readonly #gzip: Gzip;
  #bytes = 0;
  #error: Error | undefined;
  #draining: Promise<unknown> | undefined;

  constructor(level: number) {
    // zlib passes stream options on to its Transform; ZlibOptions does not declare them.
    this.#gzip = createGzip({ level, chunkSize: GZIP_OUTPUT_BYTES, writableHighWaterMark: GZIP_QUEUE_BYTES } as ZlibOptions);
    this.#gzip.on('data', (piece: Buffer) => {
      this.#bytes += piece.length;
    });
    this.#gzip.on('error', (error) => {
      this.#error = error;
    });
  }

  /** Queues bytes (kept by reference until compressed: do not reuse the buffer). */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.#draining) {
      await this.#draining;
      this.#draining = undefined;
    }
    if (this.#error) throw this.#error;
    if (bytes.length === 0) return;
    if (!this.#gzip.write(bytes)) this.#draining = once(this.#gzip, 'drain');
  }

  /** Ends the stream; resolves to the compressed size. */
  async end(): Promise<number> {
    if (this.#draining) await this.#draining;
    const ended = once(this.#gzip, 'end');
    this.#gzip.end();
    await ended;
    if (this.#error) throw this.#error;
    return this.#bytes;
  }

  /** Stops early (on error elsewhere); frees the zlib state. */
  destroy(): void {
    this.#gzip.destroy();
  }
}
