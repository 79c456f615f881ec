/**
 * The bundle's chunk pack (or raw chunk sections) read through a window: files are asked for
 * mostly in the order the pack holds them, so a layer of many small files costs one read per
 * WINDOW bytes rather than one per file.
 */
import type { FileHandle } from 'node:fs/promises';
import { CorruptDataError } from '../errors.js';

/** Bytes read at once. */
const WINDOW = 4 << 20;

export class PackWindow {
  readonly #file: FileHandle;
  /** The bytes last read: [start, end) asked for, what the read gave once it is done. */
  #window: { start: number; end: number; bytes: Promise<Uint8Array> } | undefined;

  constructor(file: FileHandle) {
    this.#file = file;
  }

  /** Bytes [start, end) of the file (a view: copy what is kept); CorruptDataError when the file ends before `end`. */
  async span(start: number, end: number): Promise<Uint8Array> {
    let w = this.#window;
    if (!w || start < w.start || end > w.end) {
      const bytes = Buffer.allocUnsafeSlow(Math.max(end - start, WINDOW));
      w = { start, end: start + bytes.length, bytes: this.#file.read(bytes, 0, bytes.length, start).then(({ bytesRead }) => bytes.subarray(0, bytesRead)) };
      this.#window = w;
    }
    const bytes = await w.bytes;
    if (end - w.start > bytes.length) throw new CorruptDataError('bundle: chunk pack is cut short');
    return bytes.subarray(start - w.start, end - w.start);
  }
}
