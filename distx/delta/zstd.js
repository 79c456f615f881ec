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
/**
 * The bytes zstd loads as a raw-content dictionary for `base`. zstd would parse content that
 * starts with its dictionary magic (37 A4 30 EC) as a trained dictionary, so such a base is
 * preceded by one zero byte; both sides apply the same rule.
 */
export function rawDictionary(base) {
    if (base.length >= 4 && base[0] === 0x37 && base[1] === 0xa4 && base[2] === 0x30 && base[3] === 0xec) {
        const out = new Uint8Array(base.length + 1);
        out.set(base, 1);
        return out;
    }
    return base;
}
/** log2 of a window that covers `bytes`, within zstd's limits. */
export function windowLogFor(bytes) {
    let log = 10;
    while (log < WINDOW_LOG_MAX && 2 ** log < bytes)
        log++;
    return log;
}
export function zstdCompress(data, settings) {
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
    if (settings.dictionary && settings.dictionary.length > 0)
        cctx.loadDictionary(rawDictionary(settings.dictionary));
    const out = Buffer.allocUnsafe(binding.compressBound(data.length));
    const written = cctx.compress2(out, data);
    return new Uint8Array(out.buffer, out.byteOffset, written);
}
/**
 * Decompresses `frames` into exactly `length` bytes. Anything else (a malformed frame, more
 * or fewer bytes than `length`, trailing garbage) is a CorruptDataError.
 */
export function zstdDecompress(frames, length, what, dictionary) {
    return zstdDecompressInto(new Uint8Array(length), frames, what, dictionary);
}
/** zstdDecompress into `out` (a buffer the caller reuses): exactly its length, or a CorruptDataError. */
export function zstdDecompressInto(out, frames, what, dictionary) {
    const length = out.length;
    if (length === 0 && frames.length === 0)
        return out;
    const dctx = new binding.DCtx();
    dctx.setParameter(binding.DParameter.windowLogMax, WINDOW_LOG_MAX);
    if (dictionary && dictionary.length > 0)
        dctx.loadDictionary(rawDictionary(dictionary));
    let produced;
    try {
        // One-shot decompression checks each frame's declared content size against what it
        // decodes and refuses to write past the end of `out`.
        produced = dctx.decompress(out, frames);
    }
    catch (cause) {
        throw new CorruptDataError(`${what}: bad zstd data (${cause.message})`, { cause });
    }
    if (produced !== length)
        throw new CorruptDataError(`${what}: zstd produced ${produced} bytes, expected ${length}`);
    return out;
}
//# sourceMappingURL=zstd.js.map