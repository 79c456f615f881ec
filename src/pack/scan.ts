/**
 * Scanning a damaged pack for records that still check out (repair's salvage). The pack's
 * checksum, header and trailer are not trusted: records are read from the end of the header
 * on, each one accepted only when `intact` says its payload matches its digest. After damage
 * (a record that fails, a header that does not parse) the scan moves on byte by byte until a
 * record checks out again, so one damaged record, a damaged header or trailer, or a pack cut
 * short loses only the records the damage touches.
 */
import {
  Codec, codecAllowed, MAX_RECORD_LENGTH, PACK_HEADER_LENGTH, PACK_MAGIC, PACK_VERSION, RECORD_CODEC_FIELD, RECORD_DIGEST_FIELD,
  RECORD_HEADER_LENGTH, RECORD_KINDS, RECORD_KIND_FIELD, RECORD_STORED_FIELD, RECORD_UNCOMPRESSED_FIELD,
  HEADER_SEQUENCE_FIELD, HEADER_VERSION_FIELD, RECORD_RESERVED_FIELD, type RecordEntry,
} from './format.js';

export type ScannedRecord = RecordEntry & { payload: Buffer };

export interface PackScan {
  /** The header's sequence, or undefined when the header is damaged. */
  sequence: number | undefined;
  /** Records whose payload checks out, in pack order. */
  good: ScannedRecord[];
  /** Records whose header parsed but whose payload is damaged or cut off (what was lost, by digest). */
  damaged: RecordEntry[];
  /** Bytes between good records that belong to no record that checks out. */
  lostBytes: number;
}

/** A record header at `offset` that is plausible (kind, codec, reserved bytes, lengths), or undefined. */
function headerAt(bytes: Buffer, id: string, offset: number): RecordEntry | undefined {
  if (offset + RECORD_HEADER_LENGTH > bytes.length) return undefined;
  // Cheapest tests first: most offsets of a damaged region fail on the reserved bytes.
  if (bytes[offset + RECORD_RESERVED_FIELD] !== 0 || bytes[offset + RECORD_RESERVED_FIELD + 1] !== 0) return undefined;
  const kind = bytes[offset + RECORD_KIND_FIELD]!;
  const codec = bytes[offset + RECORD_CODEC_FIELD]!;
  if (!RECORD_KINDS.includes(kind) || !codecAllowed(kind, codec)) return undefined;
  const uncompressedLength = bytes.readUInt32LE(offset + RECORD_UNCOMPRESSED_FIELD);
  const storedLength = bytes.readUInt32LE(offset + RECORD_STORED_FIELD);
  if (uncompressedLength > MAX_RECORD_LENGTH || storedLength > MAX_RECORD_LENGTH) return undefined;
  if (codec === Codec.Raw && storedLength !== uncompressedLength) return undefined;
  const digest = bytes.toString('hex', offset + RECORD_DIGEST_FIELD, offset + RECORD_DIGEST_FIELD + 32);
  return { pack: id, offset, kind, codec, uncompressedLength, storedLength, digest };
}

/** Scans a pack's bytes (any damage) for records; `intact` checks one record's payload. */
export function scanPack(bytes: Buffer, id: string, intact: (record: ScannedRecord) => boolean): PackScan {
  const headerOk = bytes.length >= PACK_HEADER_LENGTH && bytes.subarray(0, 8).equals(PACK_MAGIC)
    && bytes.readUInt32LE(HEADER_VERSION_FIELD) === PACK_VERSION;
  const sequence = headerOk ? Number(bytes.readBigUInt64LE(HEADER_SEQUENCE_FIELD)) : undefined;
  const good: ScannedRecord[] = [];
  const damaged: RecordEntry[] = [];
  let lostBytes = 0;
  let offset = PACK_HEADER_LENGTH;
  // While in sync (the previous record checked out), a header that parses but fails is a damaged
  // record: it is reported by digest. Out of sync, candidates that fail are just bytes.
  let inSync = true;
  while (offset + RECORD_HEADER_LENGTH <= bytes.length) {
    const header = headerAt(bytes, id, offset);
    const end = header ? offset + RECORD_HEADER_LENGTH + header.storedLength : 0;
    if (header && end <= bytes.length) {
      const record = { ...header, payload: bytes.subarray(offset + RECORD_HEADER_LENGTH, end) };
      if (intact(record)) {
        good.push(record);
        offset = end;
        inSync = true;
        continue;
      }
    }
    if (header && inSync) damaged.push(header);
    inSync = false;
    offset++;
    lostBytes++;
  }
  return { sequence, good, damaged, lostBytes };
}
