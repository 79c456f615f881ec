/**
 * The one way cairn streams a file it reads: 1 MiB buffers, and a failure as a BadInputError
 * that names the file (or what the caller calls it) and says why in words. `onBytes` sees the
 * length of each buffer as it is yielded (ingest counts its progress with it).
 */
import { createReadStream } from 'node:fs';
import { BadInputError } from './errors.js';
import { fsReason } from './fs-errors.js';

export interface FileStreamOptions {
  /** Names the file in messages. @default the path */
  what?: string;
  /** Called with each buffer's length as it is yielded. */
  onBytes?: (bytes: number) => void;
}

export async function* fileStream(path: string, options: FileStreamOptions = {}): AsyncGenerator<Uint8Array> {
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
      options.onBytes?.((piece as Buffer).length);
      yield piece as Buffer;
    }
  } catch (cause) {
    if (cause instanceof BadInputError) throw cause;
    throw new BadInputError(`cannot read ${options.what ?? path}: ${fsReason(cause)}`, { path, cause });
  }
}
