/**
 * The one way cairn streams a file it reads: 1 MiB buffers, and a failure as a BadInputError
 * that names the file (or what the caller calls it) and says why in words. `onBytes` sees the
 * length of each buffer as it is yielded (ingest counts its progress with it). With `into`,
 * every piece is read into that one buffer instead of a fresh one, and is valid only until the
 * next is asked for (a fresh buffer per MiB costs page faults and, through V8's accounting of
 * memory outside its heap, a full garbage collection every few tens of MB read).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { BadInputError } from './errors.js';
import { fsReason } from './fs-errors.js';

export interface FileStreamOptions {
  /** Names the file in messages. @default the path */
  what?: string;
  /** Called with each buffer's length as it is yielded. */
  onBytes?: (bytes: number) => void;
  /** The buffer every piece is read into (at most its length at a time); see the top. */
  into?: Uint8Array;
}

/** The size of a streamed file's pieces. */
export const FILE_PIECE_BYTES = 1 << 20;

export async function* fileStream(path: string, options: FileStreamOptions = {}): AsyncGenerator<Uint8Array> {
  try {
    yield* options.into ? readInto(path, options.into, options.onBytes) : fresh(path, options.onBytes);
  } catch (cause) {
    if (cause instanceof BadInputError) throw cause;
    throw new BadInputError(`cannot read ${options.what ?? path}: ${fsReason(cause)}`, { path, cause });
  }
}

async function* fresh(path: string, onBytes: ((bytes: number) => void) | undefined): AsyncGenerator<Uint8Array> {
  for await (const piece of createReadStream(path, { highWaterMark: FILE_PIECE_BYTES })) {
    onBytes?.((piece as Buffer).length);
    yield piece as Buffer;
  }
}

async function* readInto(path: string, buffer: Uint8Array, onBytes: ((bytes: number) => void) | undefined): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      onBytes?.(bytesRead);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
