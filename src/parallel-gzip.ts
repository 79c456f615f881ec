/**
 * gzip on every core, the way pigz does it: the input is cut into blocks, each block is
 * raw-deflated on its own (zlib's thread pool runs several at once) with the 32 KiB before it
 * as its dictionary, so matches reach back across block edges as they do in one stream; every
 * block but the last ends with a sync flush (byte-aligned, no final bit), the last one with
 * the final block. Concatenated after a gzip header and followed by the crc32 and length of
 * the whole input, that is one gzip member any gunzip reads. The output is within a fraction
 * of a percent of `gzip -6`'s size (each block restarts its Huffman statistics), but it is not
 * the same bytes as a one-stream deflate.
 */
import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

/**
 * Bytes per block: four times pigz's default. Each block is a zlib stream of its own (state
 * allocated, window primed, a job on the thread pool), an overhead that pigz's 128 KiB pays
 * four times as often for 0.01% fewer bytes (`CAIRN_BENCH_GZIP_BLOCKS=128,512,1024 node
 * bench/run.mjs gzip`; docs/benchmarks.md, gzip).
 */
export const GZIP_BLOCK = 512 * 1024;
/** The deflate window, primed from the previous block. */
const WINDOW = 32 * 1024;
/** Output space past a block's length: deflate grows incompressible input by a few bytes per 16 KiB. */
const OUTPUT_SLACK = 16 * 1024;

export interface ParallelGzipOptions {
  /** zlib level. @default 6 */
  level?: number;
  /** Block size. @default GZIP_BLOCK */
  blockSize?: number;
  /** Blocks being compressed at once, at most. @default twice the cores */
  inFlight?: number;
}

function deflateBlock(block: Buffer, options: ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => deflateRaw(block, options, (error, out) => (error ? reject(error) : resolve(out))));
}

/** The 10-byte gzip header zlib writes (no name, no time; XFL as zlib sets it for the level; OS Unix). */
function gzipHeader(level: number): Buffer {
  const xfl = level === 9 ? 2 : level === 1 ? 4 : 0;
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]);
}

/** A Transform that gzips what goes through it, compressing blocks in parallel (see the module comment). */
export function createParallelGzip(options: ParallelGzipOptions = {}): Transform {
  const level = options.level ?? 6;
  const blockSize = options.blockSize ?? GZIP_BLOCK;
  const limit = options.inFlight ?? 2 * availableParallelism();
  if (!Number.isInteger(blockSize) || blockSize < WINDOW) throw new RangeError(`blockSize must be an integer of at least ${WINDOW}`);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dictionary: Buffer | undefined;
  let crc = 0;
  let total = 0;
  let headerSent = false;
  // Blocks being deflated, in input order.
  const queue: Promise<Buffer>[] = [];

  const start = (block: Buffer, last: boolean): void => {
    crc = crc32(block, crc);
    total = (total + block.length) % 0x1_0000_0000;
    // Output space for the whole block at once: zlib's default of 16 KiB made each block a dozen
    // round trips between the thread pool and this thread, each with a buffer to collect.
    const zopts: ZlibOptions = { level, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH, chunkSize: block.length + OUTPUT_SLACK };
    if (dictionary) zopts.dictionary = dictionary;
    const job = deflateBlock(block, zopts);
    job.catch(() => undefined); // awaited in turn
    queue.push(job);
    // The next block's dictionary: the last 32 KiB of input so far (this block is at least that long, unless it is the last).
    dictionary = Buffer.from(block.subarray(Math.max(0, block.length - WINDOW)));
  };

  const takeBlock = (): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const block = all.subarray(0, blockSize);
    const rest = all.subarray(blockSize);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    return block;
  };

  return new Transform({
    async transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      try {
        if (!headerSent) {
          this.push(gzipHeader(level));
          headerSent = true;
        }
        pending.push(chunk);
        pendingBytes += chunk.length;
        while (pendingBytes >= blockSize) {
          start(takeBlock(), false);
          while (queue.length >= limit) this.push(await queue.shift()!);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    async flush(done: TransformCallback) {
      try {
        if (!headerSent) this.push(gzipHeader(level));
        start(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes), true);
        pending = [];
        while (queue.length > 0) this.push(await queue.shift()!);
        const trailer = Buffer.alloc(8);
        trailer.writeUInt32LE(crc >>> 0, 0);
        trailer.writeUInt32LE(total, 4);
        this.push(trailer);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
