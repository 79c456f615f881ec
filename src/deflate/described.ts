/** What describe* functions return, and the hex helpers their descriptors use. */
import { BadInputError } from '../errors.js';
import type { FindOptions } from './find.js';

export type Described<D> =
  | { ok: true; descriptor: D; content: Uint8Array }
  | { ok: false; reason: string; content: Uint8Array };

export interface DescribeOptions {
  /** Refuse (CorruptDataError) input that inflates to more than this (default 1 GiB). */
  maxInflated?: number;
  /** Search options (probe size, candidate limit). */
  find?: FindOptions;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new BadInputError('descriptor bytes are not lowercase hex');
  return Buffer.from(text, 'hex');
}
