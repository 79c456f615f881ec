/**
 * The index's keys and values: every LevelDB key prefix the store uses, and the 46-byte
 * record location codec. Nothing else in the store spells a key or a location offset.
 *
 * Keys (utf8):
 *   o:<kind>:<hex>    → location, LOCATION_LENGTH bytes (see below)
 *   p:<hex>           → pack summary JSON {sequence, bytes, records}
 *   n:<name>          → image manifest digest (sha256:…)
 *   m:sequence        → the highest pack sequence indexed (decimal)
 *   g:<hex>           → a pack gc is deleting (empty value): open drops it silently if it is gone
 *
 * A location: pack id (32 bytes) | offset u32 | stored u32 | uncompressed u32 | codec u8 | kind u8,
 * integers little-endian; a chunk in a group (kind 12, pack/group.ts) adds | at u32 | length u32.
 */
import { CorruptDataError } from '../errors.js';
import { RecordKind, type RecordLocation } from '../pack/index.js';

export const OBJECT_PREFIX = 'o:';
export const PACK_PREFIX = 'p:';
export const NAME_PREFIX = 'n:';
export const SEQUENCE_KEY = 'm:sequence';
export const DELETING_PREFIX = 'g:';

/** A LevelDB range: keys from `gte` up to (not including) `lt`. */
export interface KeyRange {
  gte: string;
  lt: string;
}

/** The range of keys that start with `prefix` (prefixes end in ':', and ';' sorts right after it). */
function rangeOf(prefix: string): KeyRange {
  return { gte: prefix, lt: prefix.slice(0, -1) + ';' };
}

export const OBJECT_RANGE: KeyRange = rangeOf(OBJECT_PREFIX);
export const PACK_RANGE: KeyRange = rangeOf(PACK_PREFIX);
export const NAME_RANGE: KeyRange = rangeOf(NAME_PREFIX);
export const DELETING_RANGE: KeyRange = rangeOf(DELETING_PREFIX);

/** The key prefix of every object of one kind: `o:<kind>:`. */
export function kindPrefix(kind: RecordKind): string {
  return `${OBJECT_PREFIX}${kind}:`;
}

/** Every object of one kind. */
export function kindRange(kind: RecordKind): KeyRange {
  return rangeOf(kindPrefix(kind));
}

export function objectKey(kind: RecordKind, hex: string): string {
  return kindPrefix(kind) + hex;
}

/** The kind and hex digest of an object key (the kind is undefined if it is not a number). */
export function parseObjectKey(key: string): { kindText: string; kind: RecordKind; hex: string } {
  const [, kindText = '', hex = ''] = key.split(':');
  return { kindText, kind: Number(kindText) as RecordKind, hex };
}

export function packKey(id: string): string {
  return PACK_PREFIX + id;
}

export function packIdOfKey(key: string): string {
  return key.slice(PACK_PREFIX.length);
}

/** The key marking a pack that gc is deleting. */
export function deletingKey(id: string): string {
  return DELETING_PREFIX + id;
}

export function nameKey(name: string): string {
  return NAME_PREFIX + name;
}

export function nameOfKey(key: string): string {
  return key.slice(NAME_PREFIX.length);
}

/** What each record kind is called in messages. */
export const KIND_NAMES: Record<RecordKind, string> = {
  [RecordKind.Chunk]: 'chunk',
  [RecordKind.FileRecipe]: 'file recipe',
  [RecordKind.LayerRecipe]: 'layer recipe',
  [RecordKind.Blob]: 'blob',
  [RecordKind.Image]: 'image',
  [RecordKind.NameEvent]: 'name event',
  [RecordKind.NameSnapshot]: 'name snapshot',
  [RecordKind.StoreInfo]: 'store info',
  [RecordKind.LayerPart]: 'layer recipe part',
  [RecordKind.BlobDescription]: 'blob description',
  [RecordKind.FileDelta]: 'file delta',
  [RecordKind.ChunkGroup]: 'chunk group',
};

// ---------------------------------------------------------------- the location codec

const PACK_ID_LENGTH = 32;
const LOCATION_PACK = 0;
const LOCATION_OFFSET = LOCATION_PACK + PACK_ID_LENGTH;
const LOCATION_STORED = LOCATION_OFFSET + 4;
const LOCATION_UNCOMPRESSED = LOCATION_STORED + 4;
const LOCATION_CODEC = LOCATION_UNCOMPRESSED + 4;
const LOCATION_KIND = LOCATION_CODEC + 1;
export const LOCATION_LENGTH = LOCATION_KIND + 1;
/** A group member's location adds where it is in the group's content: at u32, length u32. */
const LOCATION_MEMBER_AT = LOCATION_LENGTH;
const LOCATION_MEMBER_LENGTH = LOCATION_MEMBER_AT + 4;
export const MEMBER_LOCATION_LENGTH = LOCATION_MEMBER_LENGTH + 4;

export function encodeLocation(l: RecordLocation): Buffer {
  const b = Buffer.alloc(l.member ? MEMBER_LOCATION_LENGTH : LOCATION_LENGTH);
  b.write(l.pack, LOCATION_PACK, PACK_ID_LENGTH, 'hex');
  b.writeUInt32LE(l.offset, LOCATION_OFFSET);
  b.writeUInt32LE(l.storedLength, LOCATION_STORED);
  b.writeUInt32LE(l.uncompressedLength, LOCATION_UNCOMPRESSED);
  b.writeUInt8(l.codec, LOCATION_CODEC);
  b.writeUInt8(l.kind, LOCATION_KIND);
  if (l.member) {
    b.writeUInt32LE(l.member.at, LOCATION_MEMBER_AT);
    b.writeUInt32LE(l.member.length, LOCATION_MEMBER_LENGTH);
  }
  return b;
}

export function decodeLocation(v: Uint8Array): RecordLocation {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (b.length !== LOCATION_LENGTH && b.length !== MEMBER_LOCATION_LENGTH) {
    throw new CorruptDataError(`index entry has ${b.length} bytes, expected ${LOCATION_LENGTH} or ${MEMBER_LOCATION_LENGTH}`);
  }
  const location: RecordLocation = {
    pack: b.toString('hex', LOCATION_PACK, LOCATION_PACK + PACK_ID_LENGTH),
    offset: b.readUInt32LE(LOCATION_OFFSET),
    storedLength: b.readUInt32LE(LOCATION_STORED),
    uncompressedLength: b.readUInt32LE(LOCATION_UNCOMPRESSED),
    codec: b.readUInt8(LOCATION_CODEC),
    kind: b.readUInt8(LOCATION_KIND),
  };
  if (b.length === MEMBER_LOCATION_LENGTH) location.member = { at: b.readUInt32LE(LOCATION_MEMBER_AT), length: b.readUInt32LE(LOCATION_MEMBER_LENGTH) };
  return location;
}

// ---------------------------------------------------------------- other values

/** The value of a pack key. */
export interface PackSummary {
  sequence: number;
  bytes: number;
  records: number;
}

export function encodePackSummary(summary: PackSummary): Buffer {
  return Buffer.from(JSON.stringify(summary));
}

export function decodePackSummary(value: Uint8Array): PackSummary {
  return JSON.parse(Buffer.from(value).toString('utf8')) as PackSummary;
}

export function encodeSequence(sequence: number): Buffer {
  return Buffer.from(String(sequence));
}

export function decodeSequence(value: Uint8Array | undefined): number {
  return value ? Number(Buffer.from(value).toString('utf8')) : 0;
}
