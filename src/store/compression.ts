/**
 * Compression of records: zstd (zstd-napi, level 3 by default), or raw when zstd saves less
 * than RAW_THRESHOLD (jars, gzip, media: compressing them again costs time and saves nothing).
 * Chunks are compressed on worker threads (see compress-pool.ts); small metadata inline.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as ZstdNapi from 'zstd-napi';
import type ZstdBinding from 'zstd-napi/binding.js';
import { filterGroupMembers, MAX_RECORD_LENGTH, restoreGroupMembers } from '../pack/index.js';

type Compressor = ZstdNapi.Compressor;
type Decompressor = ZstdNapi.Decompressor;

// zstd-napi (a native addon) is loaded on first use, not when the store opens: `cairn ls`,
// `--version` and a read of raw records never pay for it.
const require = createRequire(import.meta.url);
let zstd: typeof ZstdNapi | undefined;
let zstdBinding: typeof ZstdBinding | undefined;
const zstdModule = (): typeof ZstdNapi => (zstd ??= require('zstd-napi') as typeof ZstdNapi);
const bindingModule = (): typeof ZstdBinding => (zstdBinding ??= require('zstd-napi/binding.js') as typeof ZstdBinding);

/** Store raw unless zstd output is below this fraction of the input. */
export const RAW_THRESHOLD = 0.97;

/**
 * zstd of `data`, or null when that saves too little. `own` (the default) returns a fresh
 * buffer of its own, which can be transferred between threads; otherwise the result may be a
 * view the caller copies before the compressor's next call.
 */
export function compressOrNull(compressor: Compressor, data: Uint8Array, own = true): Uint8Array | null {
  const out = compressor.compress(data);
  if (out.length >= data.length * RAW_THRESHOLD) return null;
  if (!own) return out;
  const copy = new Uint8Array(out.length);
  copy.set(out);
  return copy;
}

/** One buffer as it will be stored: zstd-compressed, or raw (the input itself) when compression saves too little. */
export interface Compressed {
  zstd: boolean;
  bytes: Uint8Array;
  /** The input's sha256 (hex), when asked for. */
  digest?: string;
  /** From a worker: the job's input buffer, handed back to be reused (when `bytes` is not it). */
  input?: Uint8Array;
  /** A chunk group compressed with its members x86-filtered (codec 2); `digest` is then of the filtered content. */
  x86?: boolean;
}

/** A batch's chunks as stored, back to back in `bytes`: `lengths[i]` bytes each, zstd where `zstd[i]`. */
export interface CompressedBatch {
  bytes: Uint8Array;
  lengths: number[];
  zstd: boolean[];
  /** From a worker: the job's input buffer, handed back to be reused. */
  input?: Uint8Array;
}

/**
 * Compresses batches of chunks (held back to back, `lengths` long each) straight into one
 * output buffer: each chunk's stored form (zstd, or the chunk itself when that saves too
 * little) follows the previous one, with no buffer per chunk.
 */
export class BatchCompressor {
  readonly #cctx: InstanceType<typeof ZstdBinding.CCtx>;
  readonly #level: number;

  constructor(level: number) {
    if (!Number.isInteger(level)) throw new TypeError('Invalid type for parameter: compressionLevel'); // zstd-napi's own words, as its Compressor threw before
    this.#cctx = new (bindingModule().CCtx)();
    this.#level = level;
  }

  /** Output space reused by compressWhole (grown to the largest input's bound). */
  #out: Buffer | undefined;

  /**
   * One buffer compressed whole (a chunk alone, or a chunk group): zstd into reused output space,
   * then copied out at its size (a fresh bound-sized output per call, then a copy, made a
   * 1 MiB group cost two large allocations, which showed in an ingest's peak RSS).
   */
  compressWhole(data: Uint8Array, digest: boolean, x86Group = false): Compressed {
    const binding = bindingModule();
    const bound = binding.compressBound(data.length);
    if (!this.#out || this.#out.length < bound) this.#out = Buffer.allocUnsafeSlow(bound);
    // A chunk group's members filtered in place when they look like x86 code (pack/x86-filter.ts).
    const filtered = x86Group && filterGroupMembers(data);
    const n = this.#cctx.compress(this.#out, data, this.#level);
    let result: Compressed = { zstd: false, bytes: data };
    if (n < data.length * RAW_THRESHOLD) {
      // A buffer of its own (transferable between threads), not a view of the reused space.
      const bytes = new Uint8Array(n);
      bytes.set(this.#out.subarray(0, n));
      result = filtered ? { zstd: true, bytes, x86: true } : { zstd: true, bytes };
    } else if (filtered) {
      // Stored raw, each member a record of its own: its bytes as they were.
      restoreGroupMembers(data);
    }
    if (digest) result.digest = createHash('sha256').update(data).digest('hex');
    return result;
  }

  compress(data: Uint8Array, lengths: readonly number[]): CompressedBatch {
    const binding = bindingModule();
    let bound = 0;
    for (const length of lengths) bound += binding.compressBound(length);
    const out = Buffer.allocUnsafeSlow(bound);
    const stored: number[] = [];
    const zstd: boolean[] = [];
    let at = 0;
    let used = 0;
    for (const length of lengths) {
      const chunk = data.subarray(at, at + length);
      at += length;
      let n = this.#cctx.compress(out.subarray(used, used + binding.compressBound(length)), chunk, this.#level);
      const compressed = n < length * RAW_THRESHOLD;
      if (!compressed) {
        out.set(chunk, used);
        n = length;
      }
      stored.push(n);
      zstd.push(compressed);
      used += n;
    }
    return { bytes: new Uint8Array(out.buffer, out.byteOffset, used), lengths: stored, zstd };
  }
}

export function createCompressor(level: number): Compressor {
  const c = new (zstdModule().Compressor)();
  c.setParameters({ compressionLevel: level });
  return c;
}

export function createDecompressor(): Decompressor {
  return new (zstdModule().Decompressor)();
}

/**
 * Decompresses records into exactly their recorded length. It never allocates more than that
 * (a damaged zstd frame header may claim any content size, which Decompressor would allocate)
 * and fails when the payload decompresses to any other length.
 */
export class RecordDecompressor {
  #dctx: InstanceType<typeof ZstdBinding.DCtx> | undefined;

  /** `payload` decompressed into `length` bytes from `allocate` (by default a new Buffer), once `length` is checked. */
  decompress(payload: Uint8Array, length: number): Buffer;
  decompress<T extends Uint8Array>(payload: Uint8Array, length: number, allocate: (length: number) => T): T;
  decompress(payload: Uint8Array, length: number, allocate: (length: number) => Uint8Array = (n) => Buffer.allocUnsafe(n)): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_RECORD_LENGTH) {
      throw new Error(`uncompressed length ${length} is out of range`);
    }
    const out = allocate(length);
    this.decompressInto(out, payload);
    return out;
  }

  /** Decompresses `payload` into all of `out`, which must be its recorded length. */
  decompressInto(out: Uint8Array, payload: Uint8Array): void {
    this.#dctx ??= new (bindingModule().DCtx)();
    const produced = this.#dctx.decompress(out, payload);
    if (produced !== out.length) throw new Error(`decompressed to ${produced} bytes, expected ${out.length}`);
  }
}
