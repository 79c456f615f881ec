/**
 * The pack file format, version 1. Packs are the truth of a store: every chunk and every
 * metadata object lives in one, and the index can be rebuilt from packs alone. A pack is
 * written to a temporary file, then sealed (trailer, fsync, rename), and never changes after.
 * Its name is the sha256 of the whole file, which is also its checksum.
 *
 * Layout (all integers little-endian):
 *
 *   pack header, 24 bytes
 *     0  magic        8 bytes  "CAIRNPK\x01"
 *     8  version      u32      1
 *    12  reserved     u32      0
 *    16  sequence     u64      order of creation in its store (name events replay in this order)
 *   records, back to back, each:
 *     0  kind         u8       RecordKind
 *     1  codec        u8       0 raw, 1 zstd, 2 zstd of x86-filtered members (chunk groups)
 *     2  reserved     u16      0
 *     4  uncompressed u32      length of the object's bytes
 *     8  stored       u32      length of the payload that follows
 *    12  digest       32 bytes sha256 of the object's (uncompressed) bytes
 *    44  payload      `stored` bytes
 *   trailer, 24 bytes
 *     0  magic        8 bytes  "CAIRNEND"
 *     8  records      u32      number of records
 *    12  reserved     u32      0
 *    16  trailerAt    u64      offset of this trailer (= end of the last record)
 *
 * What each record kind's payload holds (recipes, image records, name events and snapshots) is
 * documented in docs/store-format.md. Every pack cairn writes starts with a store-info record
 * (kind 8, at offset 24) naming the store's chunker, so that the packs alone say how the store
 * cuts chunks; packs written before that record existed may lack it.
 *
 * Reserved fields must be zero. A reader checks every length against the file's size (or, for a
 * location from the index, against MAX_RECORD_LENGTH) before it reads or allocates.
 */

export const PACK_MAGIC = Buffer.from('CAIRNPK\x01', 'latin1');
export const TRAILER_MAGIC = Buffer.from('CAIRNEND', 'latin1');
export const PACK_VERSION = 1;
export const PACK_HEADER_LENGTH = 24;
export const RECORD_HEADER_LENGTH = 44;
export const TRAILER_LENGTH = 24;

/** Offsets inside the pack header. */
export const HEADER_VERSION_FIELD = 8;
export const HEADER_RESERVED_FIELD = 12;
export const HEADER_SEQUENCE_FIELD = 16;
/** Offsets inside a record header. */
export const RECORD_KIND_FIELD = 0;
export const RECORD_CODEC_FIELD = 1;
export const RECORD_RESERVED_FIELD = 2;
export const RECORD_UNCOMPRESSED_FIELD = 4;
export const RECORD_STORED_FIELD = 8;
export const RECORD_DIGEST_FIELD = 12;
/** Offsets inside the trailer. */
export const TRAILER_COUNT_FIELD = 8;
export const TRAILER_RESERVED_FIELD = 12;
export const TRAILER_AT_FIELD = 16;

/** The largest object a record may hold (the chunker's max is 16 MiB; recipes are smaller). */
export const MAX_RECORD_LENGTH = 64 * 1024 * 1024;

/** What a record holds. Values are part of the format. */
export enum RecordKind {
  Chunk = 1,
  FileRecipe = 2,
  LayerRecipe = 3,
  /** manifest, image index or config bytes, verbatim */
  Blob = 4,
  /** cairn's image record (JSON): manifest, config and layer list */
  Image = 5,
  /** a name set or removed (JSON) */
  NameEvent = 6,
  /** the whole name table at one point (JSON); later events apply on top */
  NameSnapshot = 7,
  /** the store's format and chunker (JSON): the first record of every pack (see docs/store-format.md) */
  StoreInfo = 8,
  /** a run of a layer recipe's segments, listed by the layer recipe (its root) */
  LayerPart = 9,
  /** how a layer's compressed blob is rebuilt byte for byte from its tar (JSON; see docs/store-format.md) */
  BlobDescription = 10,
  /** a file stored as a delta against another stored file (the codec's container; see docs/store-format.md) */
  FileDelta = 11,
  /** several chunks compressed together; each is indexed as a chunk (see group.ts) */
  ChunkGroup = 12,
}

export const RECORD_KINDS: readonly RecordKind[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export enum Codec {
  Raw = 0,
  Zstd = 1,
  /**
   * zstd of a chunk group (kind 12 only) whose members' bytes went through the x86 branch
   * filter first (x86-filter.ts); its table does not. The digest is of the content as
   * compressed, so a record's checks need no filter; readers of members restore them.
   */
  ZstdX86 = 2,
}

/** Whether a record of `kind` may have `codec`. */
export function codecAllowed(kind: number, codec: number): boolean {
  return codec === Codec.Raw || codec === Codec.Zstd || (codec === Codec.ZstdX86 && kind === RecordKind.ChunkGroup);
}

/** Where a record sits; what the index stores for each object. */
export interface RecordLocation {
  pack: string; // 64 hex
  offset: number; // of the record header
  kind: RecordKind;
  codec: Codec;
  uncompressedLength: number;
  storedLength: number;
  /** A chunk in a group (the record at `offset` is its kind 12 group): where its bytes are in the group's content. */
  member?: { at: number; length: number };
}

/** A record header as found in a pack. */
export interface RecordEntry extends RecordLocation {
  digest: string; // 64 hex
}
