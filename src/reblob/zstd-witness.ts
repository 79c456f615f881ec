/**
 * zstd blobs: libzstd's output depends on its version, the level and the frame parameters,
 * and a frame header states only some of them (checksum, content size, window). cairn
 * compresses with zstd-napi's streaming compressor (libzstd 1.5.7 here); a blob whose frame
 * states no content size and no dictionary is tried at common levels on its first MiB, and
 * the level that agrees is confirmed over the whole tar by digest. Frames that state their
 * content size (a one-shot compress or a pledged size) are not tried: the streaming
 * compressor cannot pledge a size.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { CompressStream } from 'zstd-napi';
import { createZstdStream } from '../zstd-stream.js';
import type { Choice, Confirmer } from './confirm.js';
import type { ZstdDescriptor } from './description.js';

/** The libzstd zstd-napi carries (its output is only reproducible by the same one). */
export const ZSTD_VERSION = '1.5.7';
const LEVELS = [3, 1, 2, 4, 5, 6, 7, 8, 9, 19];

function agree(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.min(a.length, b.length);
  return n > 0 && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, n), Buffer.from(b.buffer, b.byteOffset, n)) === 0;
}

/**
 * The compressor a descriptor names: on a worker thread (zstd-stream.ts) to rebuild a blob, on
 * the calling thread (`inline`) for the heads (a few blocks) and for the confirmation at ingest
 * (a worker more beside ingest's own adds its memory to the ingest's peak, which has a bound).
 */
function compressor(d: ZstdDescriptor, inline = false): Transform {
  const parameters = { compressionLevel: d.level, checksumFlag: d.checksum, contentSizeFlag: false };
  return inline ? new CompressStream(parameters) : createZstdStream(parameters);
}

/** What a compressor emits for `head` (the whole input when `complete`, else before it is told the input ended). */
async function headOutput(d: ZstdDescriptor, head: Uint8Array, complete: boolean): Promise<Buffer> {
  const stream = compressor(d, true);
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  if (complete) {
    const ended = once(stream, 'end');
    stream.end(Buffer.from(head));
    await ended;
  } else {
    await new Promise<void>((resolve, reject) => stream.write(Buffer.from(head), (error) => (error ? reject(error) : resolve())));
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy();
  }
  return Buffer.concat(out);
}

function zstdConfirmer(d: ZstdDescriptor): Confirmer {
  const stream = compressor(d, true);
  const hash = createHash('sha256');
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  const finished = once(stream, 'end');
  finished.catch(() => undefined);
  return {
    async push(bytes) {
      if (!stream.write(Buffer.from(bytes))) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await finished;
      return { digest: `sha256:${hash.digest('hex')}`, size };
    },
    abandon() {
      stream.destroy();
    },
  };
}

/** The zstd level that reproduces the heads, with its confirmer (when `confirm`); or why there is none. */
export async function zstdWitness(blobHead: Uint8Array, tarHead: Uint8Array, complete: boolean, confirm: boolean): Promise<Choice | string> {
  if (blobHead.length < 6) return 'zstd frame header truncated';
  const descriptor = blobHead[4]!;
  const contentSizeFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  if (descriptor & 3) return 'zstd frame names a dictionary';
  if (contentSizeFlag !== 0 || singleSegment) return 'zstd frame states its content size (not made by a streaming compressor)';
  const checksum = ((descriptor >> 2) & 1) === 1;
  for (const level of LEVELS) {
    const d: ZstdDescriptor = { format: 'zstd', zstd: ZSTD_VERSION, level, checksum, contentSize: false };
    if (agree(await headOutput(d, tarHead, complete), blobHead)) return confirm ? { confirmer: zstdConfirmer(d), rebuild: d } : { rebuild: d };
  }
  return `no zstd level reproduces its first blocks with libzstd ${ZSTD_VERSION}`;
}

/** The zstd blob described, compressed again from its tar (the caller checks the digest). */
export function zstdRebuilder(d: ZstdDescriptor): NodeJS.ReadWriteStream {
  return compressor(d);
}
