/**
 * Reading packs: one record by location (for reads), or a whole pack checked end to end (for
 * verify and repair). Every length is checked against the file before anything is allocated
 * or read, and anything that does not parse is a corrupt-data error naming the pack and offset.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CorruptDataError } from '../errors.js';
import {
  PACK_HEADER_LENGTH, PACK_MAGIC, PACK_VERSION, RECORD_HEADER_LENGTH, TRAILER_LENGTH, TRAILER_MAGIC, RECORD_KINDS,
  HEADER_SEQUENCE_FIELD, HEADER_VERSION_FIELD, RECORD_CODEC_FIELD, RECORD_DIGEST_FIELD, RECORD_KIND_FIELD,
  RECORD_STORED_FIELD, RECORD_UNCOMPRESSED_FIELD, TRAILER_AT_FIELD, TRAILER_COUNT_FIELD, MAX_RECORD_LENGTH,
  HEADER_RESERVED_FIELD, RECORD_RESERVED_FIELD, TRAILER_RESERVED_FIELD,
  Codec, codecAllowed, type RecordEntry, type RecordLocation,
} from './format.js';

/** A parsed pack: its header fields and every record (payloads as views into `bytes`). */
export interface ParsedPack {
  id: string;
  sequence: number;
  bytes: Buffer;
  records: (RecordEntry & { payload: Buffer })[];
}

function corrupt(pack: string, offset: number, what: string): CorruptDataError {
  return new CorruptDataError(`pack ${pack}: ${what} at offset ${offset}`, { pack, offset });
}

/**
 * Parses a whole pack already in memory. With `expectedId`, the sha256 of the bytes must equal
 * it (the pack's checksum). Throws CorruptDataError on any inconsistency.
 */
export function parsePack(bytes: Buffer, expectedId: string): ParsedPack {
  const id = expectedId;
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expectedId) {
    throw new CorruptDataError(`pack ${id}: checksum mismatch (sha256 of the file is ${actual})`, { pack: id });
  }
  return parsePackStructure(bytes, id);
}

/** Parses without checking the checksum (repair salvages what it can from a damaged pack). */
export function parsePackStructure(bytes: Buffer, id: string): ParsedPack {
  if (bytes.length < PACK_HEADER_LENGTH + TRAILER_LENGTH) throw corrupt(id, 0, 'file too short for a pack');
  if (!bytes.subarray(0, 8).equals(PACK_MAGIC)) throw corrupt(id, 0, 'bad pack magic');
  const version = bytes.readUInt32LE(HEADER_VERSION_FIELD);
  if (version !== PACK_VERSION) throw corrupt(id, HEADER_VERSION_FIELD, `unsupported pack version ${version}`);
  if (bytes.readUInt32LE(HEADER_RESERVED_FIELD) !== 0) throw corrupt(id, HEADER_RESERVED_FIELD, 'reserved header field is not zero');
  const sequence = Number(bytes.readBigUInt64LE(HEADER_SEQUENCE_FIELD));
  const trailerAt = bytes.length - TRAILER_LENGTH;
  if (!bytes.subarray(trailerAt, trailerAt + 8).equals(TRAILER_MAGIC)) throw corrupt(id, trailerAt, 'bad trailer magic');
  const count = bytes.readUInt32LE(trailerAt + TRAILER_COUNT_FIELD);
  if (Number(bytes.readBigUInt64LE(trailerAt + TRAILER_AT_FIELD)) !== trailerAt) throw corrupt(id, trailerAt, 'trailer offset mismatch');
  if (bytes.readUInt32LE(trailerAt + TRAILER_RESERVED_FIELD) !== 0) throw corrupt(id, trailerAt, 'reserved trailer field is not zero');
  const records: ParsedPack['records'] = [];
  let offset = PACK_HEADER_LENGTH;
  while (offset < trailerAt) {
    if (offset + RECORD_HEADER_LENGTH > trailerAt) throw corrupt(id, offset, 'truncated record header');
    const kind = bytes.readUInt8(offset + RECORD_KIND_FIELD);
    const codec = bytes.readUInt8(offset + RECORD_CODEC_FIELD);
    const uncompressedLength = bytes.readUInt32LE(offset + RECORD_UNCOMPRESSED_FIELD);
    const storedLength = bytes.readUInt32LE(offset + RECORD_STORED_FIELD);
    if (!RECORD_KINDS.includes(kind)) throw corrupt(id, offset, `unknown record kind ${kind}`);
    if (bytes.readUInt16LE(offset + RECORD_RESERVED_FIELD) !== 0) throw corrupt(id, offset, 'reserved record field is not zero');
    if (!codecAllowed(kind, codec)) throw corrupt(id, offset, `unknown codec ${codec}`);
    if (uncompressedLength > MAX_RECORD_LENGTH || storedLength > MAX_RECORD_LENGTH) throw corrupt(id, offset, 'record length out of range');
    if (codec === Codec.Raw && storedLength !== uncompressedLength) throw corrupt(id, offset, 'raw record lengths differ');
    const end = offset + RECORD_HEADER_LENGTH + storedLength;
    if (end > trailerAt) throw corrupt(id, offset, 'record runs past the trailer');
    records.push({
      pack: id, offset, kind, codec, uncompressedLength, storedLength,
      digest: bytes.toString('hex', offset + RECORD_DIGEST_FIELD, offset + RECORD_DIGEST_FIELD + 32),
      payload: bytes.subarray(offset + RECORD_HEADER_LENGTH, end),
    });
    offset = end;
  }
  if (records.length !== count) throw corrupt(id, trailerAt, `trailer says ${count} records, found ${records.length}`);
  return { id, sequence, bytes, records };
}

/**
 * Reads one record's stored payload through an open file, checking that the header at the
 * location matches what the index says.
 */
export async function readRecordPayload(file: FileHandle, location: RecordLocation, digestHex: string): Promise<Buffer> {
  const { pack, offset, storedLength } = location;
  checkLocationBounds(location);
  const buffer = Buffer.allocUnsafe(RECORD_HEADER_LENGTH + storedLength);
  // Read on this thread (see PackFiles.readRecords): one record, awaited at once.
  const bytesRead = readSync(file.fd, buffer, 0, buffer.length, offset);
  if (bytesRead !== buffer.length) throw corrupt(pack, offset, 'record beyond the end of the pack');
  return recordPayloadIn(buffer, 0, location, digestHex);
}

/** Bounds a location read from the index (which may be damaged) before anything is allocated for it. */
export function checkLocationBounds(location: RecordLocation): void {
  const { pack, offset, storedLength } = location;
  if (!Number.isSafeInteger(offset) || offset < PACK_HEADER_LENGTH) throw corrupt(pack, offset, 'index location before the first record');
  if (storedLength > MAX_RECORD_LENGTH || location.uncompressedLength > MAX_RECORD_LENGTH) {
    throw corrupt(pack, offset, `index location length out of range (stored ${storedLength}, uncompressed ${location.uncompressedLength})`);
  }
  const member = location.member;
  if (member && (member.at + member.length > location.uncompressedLength)) {
    throw corrupt(pack, offset, `index location of a group member out of range (at ${member.at}, length ${member.length}, group ${location.uncompressedLength})`);
  }
}

/**
 * The payload of the record at `location`, found at `at` in `buffer` (bytes read from the pack
 * starting at some earlier offset), once its header matches the location and digest.
 */
export function recordPayloadIn(buffer: Buffer, at: number, location: RecordLocation, digestHex: string): Buffer {
  const { pack, offset, storedLength } = location;
  if (at + RECORD_HEADER_LENGTH + storedLength > buffer.length) throw corrupt(pack, offset, 'record beyond the end of the pack');
  if (
    buffer.readUInt8(at + RECORD_KIND_FIELD) !== location.kind ||
    buffer.readUInt8(at + RECORD_CODEC_FIELD) !== location.codec ||
    buffer.readUInt16LE(at + RECORD_RESERVED_FIELD) !== 0 ||
    buffer.readUInt32LE(at + RECORD_STORED_FIELD) !== storedLength ||
    buffer.readUInt32LE(at + RECORD_UNCOMPRESSED_FIELD) !== location.uncompressedLength ||
    // A group member's header is its group's: the group's table names the chunk (group.ts).
    (location.member === undefined && buffer.toString('hex', at + RECORD_DIGEST_FIELD, at + RECORD_DIGEST_FIELD + 32) !== digestHex)
  ) {
    throw new CorruptDataError(`pack ${pack}: record header at offset ${offset} does not match the index for ${digestHex}`, { pack, offset, digest: `sha256:${digestHex}` });
  }
  return buffer.subarray(at + RECORD_HEADER_LENGTH, at + RECORD_HEADER_LENGTH + storedLength);
}

export { open as openPackFile };
