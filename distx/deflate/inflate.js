/** Bounded raw inflate that also says how many compressed bytes the stream used. */
import { inflateRawSync } from 'node:zlib';
import { CorruptDataError } from '../errors.js';
/**
 * Inflates the raw deflate stream at the start of `input`. More than `maxOutput` bytes of
 * output, or a stream that is damaged or ends early, is a CorruptDataError.
 */
export function inflateRawBounded(input, maxOutput, what = 'deflate stream') {
    let result;
    try {
        const options = { info: true, maxOutputLength: Math.max(1, maxOutput) };
        result = inflateRawSync(input, options);
    }
    catch (cause) {
        const tooLarge = cause.code === 'ERR_BUFFER_TOO_LARGE';
        throw new CorruptDataError(tooLarge ? `${what} inflates to more than ${maxOutput} bytes` : `${what} does not inflate: ${cause.message}`, { cause });
    }
    return { content: new Uint8Array(result.buffer.buffer, result.buffer.byteOffset, result.buffer.length), used: result.engine.bytesWritten };
}
//# sourceMappingURL=inflate.js.map