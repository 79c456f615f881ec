/**
 * The bundle's container (docs/bundle.md "Container"): an OCI image layout in a tar; from
 * format 4 that tar is compressed as a whole, as zstd frames back to back (a `.tar.zst`).
 * `bundleEntries` is the one function that turns a bundle's bytes into its tar's events,
 * whichever container it is; `zstdFrame` writes one frame of the format 4 container.
 */
import binding from 'zstd-napi/binding.js';
import { CorruptDataError } from '../errors.js';
import { scanTar } from '../tar/scan-tar.js';
/** The first bytes of a zstd frame (RFC 8878): a format 4 bundle starts with them, a tar never does. */
export const ZSTD_MAGIC = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
/** The largest window a reader accepts (128 MiB): bounds its memory whatever the bundle says. */
export const MAX_WINDOW_LOG = 27;
const OUT_BYTES = 1 << 17;
async function* iterate(source) {
    for await (const piece of source)
        yield piece;
}
/** The decompressed bytes of zstd frames back to back; a cut inside a frame, bad data or a frame that does not produce its declared size is corrupt. */
async function* unzstd(source) {
    const dctx = new binding.DCtx();
    dctx.setParameter(binding.DParameter.windowLogMax, MAX_WINDOW_LOG);
    const out = Buffer.allocUnsafe(OUT_BYTES);
    let inFrame = false;
    let read = 0;
    for await (const piece of source) {
        let at = 0;
        for (;;) {
            let result;
            try {
                result = dctx.decompressStream(out, piece.subarray(at));
            }
            catch (cause) {
                throw new CorruptDataError(`bundle: bad zstd data near byte ${read + at} (${cause.message})`, { offset: read + at, cause });
            }
            const [hint, produced, consumed] = result;
            at += consumed;
            inFrame = hint !== 0;
            if (produced > 0)
                yield Buffer.from(out.subarray(0, produced));
            if (at >= piece.length && produced < out.length)
                break;
        }
        read += piece.length;
    }
    if (inFrame)
        throw new CorruptDataError('bundle: truncated (it ends inside a zstd frame)', { offset: read });
}
/**
 * The tar events of a bundle: a plain tar (formats 1-3) or zstd frames whose content is the
 * tar (format 4), told apart by the zstd magic. Memory: one decompression window at most
 * (2^27 bytes), whatever a frame declares.
 */
export async function* bundleEntries(source) {
    const input = iterate(source);
    const head = [];
    let length = 0;
    while (length < ZSTD_MAGIC.length) {
        const next = await input.next();
        if (next.done)
            break;
        head.push(next.value);
        length += next.value.length;
    }
    const first = Buffer.concat(head);
    const all = (async function* () { if (first.length > 0)
        yield first; yield* input; })();
    const zstd = first.length >= 4 && ZSTD_MAGIC.every((b, i) => first[i] === b);
    yield* scanTar(zstd ? unzstd(all) : all);
}
/** One zstd frame of `chunks` (streamed: memory is zstd's window and tables, not the content). */
export async function* zstdFrame(chunks, settings) {
    const C = binding.CParameter;
    const cctx = new binding.CCtx();
    cctx.setParameter(C.compressionLevel, settings.level);
    cctx.setParameter(C.checksumFlag, 0);
    cctx.setParameter(C.contentSizeFlag, 1);
    if (settings.windowLog !== undefined) {
        cctx.setParameter(C.windowLog, settings.windowLog);
        cctx.setParameter(C.enableLongDistanceMatching, 1);
    }
    if (settings.size !== undefined)
        cctx.setPledgedSrcSize(settings.size);
    const out = Buffer.allocUnsafe(OUT_BYTES);
    for await (const piece of chunks) {
        let at = 0;
        while (at < piece.length) {
            const [, produced, consumed] = cctx.compressStream2(out, piece.subarray(at), binding.EndDirective.continue);
            at += consumed;
            if (produced > 0)
                yield Buffer.from(out.subarray(0, produced));
        }
    }
    for (;;) {
        const [remaining, produced] = cctx.compressStream2(out, new Uint8Array(0), binding.EndDirective.end);
        if (produced > 0)
            yield Buffer.from(out.subarray(0, produced));
        if (remaining === 0)
            break;
    }
}
//# sourceMappingURL=container.js.map