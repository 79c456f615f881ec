/**
 * The index: a LevelDB database (the `level` package) mapping digests to record locations,
 * names to images, and packs to their record counts. It holds nothing that is not also in the
 * packs: repair rebuilds it from them.
 *
 * Keys (utf8):
 *   o:<kind>:<hex>    → location, 46 bytes: pack id (32) | offset u32 | stored u32 | uncompressed u32 | codec u8 | kind u8
 *   p:<hex>           → pack summary JSON {sequence, bytes, records}
 *   n:<name>          → image manifest digest (sha256:…)
 *   m:sequence        → the highest pack sequence indexed (decimal)
 */
import { resolve } from 'node:path';
import { Level } from 'level';
import { CairnError, StoreLockedError } from '../errors.js';
import type { RecordKind, RecordLocation } from '../pack/index.js';

const LOCATION_LENGTH = 46;

export function objectKey(kind: RecordKind, hex: string): string {
  return `o:${kind}:${hex}`;
}

export function encodeLocation(l: RecordLocation): Buffer {
  const b = Buffer.alloc(LOCATION_LENGTH);
  b.write(l.pack, 0, 32, 'hex');
  b.writeUInt32LE(l.offset, 32);
  b.writeUInt32LE(l.storedLength, 36);
  b.writeUInt32LE(l.uncompressedLength, 40);
  b.writeUInt8(l.codec, 44);
  b.writeUInt8(l.kind, 45);
  return b;
}

export function decodeLocation(v: Uint8Array): RecordLocation {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (b.length !== LOCATION_LENGTH) throw new CairnError('CAIRN_CORRUPT', `index entry has ${b.length} bytes, expected ${LOCATION_LENGTH}`);
  return {
    pack: b.toString('hex', 0, 32),
    offset: b.readUInt32LE(32),
    storedLength: b.readUInt32LE(36),
    uncompressedLength: b.readUInt32LE(40),
    codec: b.readUInt8(44),
    kind: b.readUInt8(45),
  };
}

export interface PackSummary {
  sequence: number;
  bytes: number;
  records: number;
}

export type IndexDb = Level<string, Uint8Array>;

/** Index directories this process has open, so that a second open here is not blamed on another process. */
const openHere = new Set<string>();

/** Opens (creating if needed) the index; a second opener (process, or handle in this process) gets StoreLockedError. */
export async function openIndex(path: string, root: string): Promise<IndexDb> {
  const key = resolve(path);
  if (openHere.has(key)) {
    throw new CairnError('CAIRN_LOCKED', `store already open in this process: ${root} (close the other handle first)`, { path: root });
  }
  const db = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' });
  try {
    await db.open();
    openHere.add(key);
    db.once('closed', () => openHere.delete(key));
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String((cause as Error | undefined)?.message ?? ''))) {
      throw new StoreLockedError(root, error);
    }
    throw new CairnError('CAIRN_IO', `cannot open the index at ${path}: ${(error as Error).message}`, { path, cause: error });
  }
  return db;
}
