/** Reading a file as a stream of buffers, with errors that name the path. */
import { createReadStream } from 'node:fs';
import { BadInputError } from './errors.js';

export async function* fileStream(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) yield piece as Buffer;
  } catch (cause) {
    throw new BadInputError(`cannot read ${path}: ${(cause as Error).message}`, { path, cause });
  }
}
