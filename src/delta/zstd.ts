/**
 * zstd as the delta methods use it: one-shot frames with the content size recorded and no
 * checksum or dictionary id (the container checks integrity), and decompression into a buffer
 * of exactly the length the caller expects, so a frame that would produce more is refused by
 * zstd itself (its output is bounded by the buffer) and never allocates beyond that length.
 */
import binding from 'zstd-napi/binding.js';
import { CorruptDataError } from '../errors.js';

/** The largest window zstd accepts on 64-bit machines. */
const WINDOW_LOG_MAX = 31;

export interface ZstdSettings {
  level: number;
  /** Base bytes that frames may refer to (a raw-content dictionary), if any. */
  dictionary?: Uint8Array;
  /** log2 of the window; long-distance matching is enabled when set. */
  windowLog?: number;
}

/**
 * The bytes zstd loads as a raw-content dictionary for `base`. zstd would parse content that
 * starts with its dictionary magic (37 A4 30 EC) as a trained dictionary, so such a base is
 * preceded by one zero byte; both sides apply the same rule.
 */
export function rawDictionary(base: Uint8Array): Uint8Array {
  if (base.length >= 4 && base[0] === 0x37 && base[1] === 0xa4 && base[2] === 0x30 && base[3] === 0xec) {
    const out = new Uint8Array(base.length + 1);
    out.set(base, 1);
    return out;
  }
  return base;
}

/** log2 of a window that covers `bytes`, within zstd's limits. */
export function windowLogFor(bytes: number): number {
  let log = 10;
  while (log < WINDOW_LOG_MAX && 2 ** log < bytes) log++;
  return log;
}

export function zstdCompress(data: Uint8Array, settings: ZstdSettings): Uint8Array {
  const C = binding.CParameter;
  const cctx = new binding.CCtx();
  cctx.setParameter(C.compressionLevel, settings.level);
  cctx.setParameter(C.checksumFlag, 0);
  cctx.setParameter(C.dictIDFlag, 0);
  cctx.setParameter(C.contentSizeFlag, 1);
  if (settings.windowLog !== undefined) {
    cctx.setParameter(C.windowLog, settings.windowLog);
    cctx.setParameter(C.enableLongDistanceMatching, 1);
  }
  if (settings.dictionary && settings.dictionary.length > 0) cctx.loadDictionary(rawDictionary(settings.dictionary));
  const out = Buffer.allocUnsafe(binding.compressBound(data.length));
  const written = cctx.compress2(out, data);
  return new Uint8Array(out.buffer, out.byteOffset, written);
}

/**
 * Decompresses `frames` into exactly `length` bytes. Anything else (a malformed frame, more
 * or fewer bytes than `length`, trailing garbage) is a CorruptDataError.
 */
export function zstdDecompress(frames: Uint8Array, length: number, what: string, dictionary?: Uint8Array): Uint8Array {
  return zstdDecompressInto(new Uint8Array(length), frames, what, dictionary);
}

/** The context of decompressions without a dictionary, made once (a context's tables are not small). */
let plainDctx: InstanceType<typeof binding.DCtx> | undefined;

function newDctx(): InstanceType<typeof binding.DCtx> {
  const dctx = new binding.DCtx();
  dctx.setParameter(binding.DParameter.windowLogMax, WINDOW_LOG_MAX);
  return dctx;
}

/** zstdDecompress into `out` (a buffer the caller reuses): exactly its length, or a CorruptDataError. */
export function zstdDecompressInto(out: Uint8Array, frames: Uint8Array, what: string, dictionary?: Uint8Array): Uint8Array {
  const length = out.length;
  if (length === 0 && frames.length === 0) return out;
  // A dictionary sticks to its context: those get a context of their own.
  const withDictionary = dictionary !== undefined && dictionary.length > 0;
  const dctx = withDictionary ? newDctx() : (plainDctx ??= newDctx());
  if (withDictionary) dctx.loadDictionary(rawDictionary(dictionary));
  let produced: number;
  try {
    // One-shot decompression checks each frame's declared content size against what it
    // decodes and refuses to write past the end of `out`.
    produced = dctx.decompress(out, frames);
  } catch (cause) {
    throw new CorruptDataError(`${what}: bad zstd data (${(cause as Error).message})`, { cause });
  }
  if (produced !== length) throw new CorruptDataError(`${what}: zstd produced ${produced} bytes, expected ${length}`);
  return out;
}
