/** Bounded raw inflate that also says how many compressed bytes the stream used. */
import { inflateRawSync, type ZlibOptions } from 'node:zlib';
import { CorruptDataError } from '../errors.js';

export interface Inflated {
  content: Uint8Array;
  /** Bytes of the input the deflate stream occupied. */
  used: number;
}

/**
 * Inflates the raw deflate stream at the start of `input`. More than `maxOutput` bytes of
 * output, or a stream that is damaged or ends early, is a CorruptDataError.
 */
export function inflateRawBounded(input: Uint8Array, maxOutput: number, what = 'deflate stream'): Inflated {
  let result: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    const options = { info: true, maxOutputLength: Math.max(1, maxOutput) } as ZlibOptions;
    result = inflateRawSync(input, options) as unknown as typeof result;
  } catch (cause) {
    const tooLarge = (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new CorruptDataError(
      tooLarge ? `${what} inflates to more than ${maxOutput} bytes` : `${what} does not inflate: ${(cause as Error).message}`,
      { cause },
    );
  }
  return { content: new Uint8Array(result.buffer.buffer, result.buffer.byteOffset, result.buffer.length), used: result.engine.bytesWritten };
}
