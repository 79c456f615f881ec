/**
 * Layer streams as they come: plain, gzip or zstd, told apart by their first bytes (never by
 * a file name). Decompression is streaming and lazy, so a decompression bomb inflates only as
 * far as the tar reader pulls; the tar reader bounds what follows the end of the archive.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DecompressStream } from 'zstd-napi';
import { BadInputError } from '../errors.js';
import { ZLIB_CHUNK } from '../zlib-chunk.js';

export type Compression = 'none' | 'gzip' | 'zstd';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const BZIP2_MAGIC = [0x42, 0x5a, 0x68];
const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function detectCompression(head: Uint8Array): Compression | 'bzip2' | 'xz' {
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd';
  if (startsWith(head, XZ_MAGIC)) return 'xz';
  if (startsWith(head, BZIP2_MAGIC) && head[3]! >= 0x31 && head[3]! <= 0x39) return 'bzip2';
  return 'none';
}

/** Reads the first `n` bytes (fewer at the end of the stream) and gives back the whole stream. */
export async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; stream: AsyncGenerator<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken).subarray(0, n);
  async function* stream(): AsyncGenerator<Uint8Array> {
    yield* taken;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: stream() };
}

/** The uncompressed bytes of a possibly compressed stream, and which compression it had. */
export async function decompressed(source: AsyncIterable<Uint8Array>, what: string): Promise<{ compression: Compression; stream: AsyncIterable<Uint8Array> }> {
  const { head, stream } = await peek(source, 8);
  const kind = detectCompression(head);
  if (kind === 'bzip2' || kind === 'xz') throw new BadInputError(`${what}: ${kind}-compressed input is not supported (use gzip, zstd or plain tar)`);
  if (kind === 'none') return { compression: 'none', stream };
  const transform = kind === 'gzip' ? createGunzip({ chunkSize: ZLIB_CHUNK }) : new DecompressStream();
  const input = Readable.from(stream, { objectMode: false });
  input.on('error', (error) => transform.destroy(error));
  input.pipe(transform);
  async function* out(): AsyncGenerator<Uint8Array> {
    try {
      for await (const piece of transform) yield piece as Buffer;
    } catch (cause) {
      if (cause instanceof BadInputError) throw cause;
      throw new BadInputError(`${what}: corrupt or truncated ${kind} data (${(cause as Error).message})`, { cause });
    } finally {
      input.destroy();
      transform.destroy();
    }
  }
  return { compression: kind, stream: out() };
}
