/**
 * Writes one pack: records are appended to a temporary file (buffered, hashed as they go);
 * seal() writes the trailer, fsyncs, renames the file to its final name (the sha256 of its
 * bytes) and fsyncs the directory. Only then may an index point into it. Before sealing, the
 * writer reads its header, every record header and its trailer back and checks them against
 * what it wrote (verify on both sides).
 * A writer that failed once stays failed.
 */
import { createHash, type Hash } from 'node:crypto';
import { readSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CairnError } from '../errors.js';
import {
  Codec, PACK_HEADER_LENGTH, PACK_MAGIC, PACK_VERSION, RECORD_HEADER_LENGTH, TRAILER_LENGTH, TRAILER_MAGIC,
  HEADER_SEQUENCE_FIELD, HEADER_VERSION_FIELD, RECORD_CODEC_FIELD, RECORD_DIGEST_FIELD, RECORD_KIND_FIELD,
  RECORD_STORED_FIELD, RECORD_UNCOMPRESSED_FIELD, TRAILER_AT_FIELD, TRAILER_COUNT_FIELD, MAX_RECORD_LENGTH,
  type RecordEntry, type RecordKind,
} from './format.js';

const FLUSH_AT = 1 << 20;
/** Bytes read at once when a sealed pack is read back. */
const READ_BACK_WINDOW = 1 << 20;

export interface SealedPack {
  id: string;
  path: string;
  bytes: number;
  records: RecordEntry[];
  sequence: number;
}

export class PackWriter {
  readonly #tmpPath: string;
  readonly #finalPath: (id: string) => string;
  #file: FileHandle | undefined;
  #hash: Hash = createHash('sha256');
  #buffered: Buffer[] = [];
  #bufferedBytes = 0;
  #length = 0;
  #records: RecordEntry[] = [];
  #failed: unknown;
  #sealed = false;
  readonly sequence: number;

  private constructor(tmpPath: string, finalPath: (id: string) => string, sequence: number) {
    this.#tmpPath = tmpPath;
    this.#finalPath = finalPath;
    this.sequence = sequence;
  }

  /** Opens a writer on a new temporary file; `finalPath(id)` names the sealed pack. */
  static async create(tmpPath: string, finalPath: (id: string) => string, sequence: number): Promise<PackWriter> {
    const writer = new PackWriter(tmpPath, finalPath, sequence);
    await mkdir(dirname(tmpPath), { recursive: true });
    writer.#file = await open(tmpPath, 'wx+');
    const header = Buffer.alloc(PACK_HEADER_LENGTH);
    PACK_MAGIC.copy(header, 0);
    header.writeUInt32LE(PACK_VERSION, HEADER_VERSION_FIELD);
    header.writeBigUInt64LE(BigInt(sequence), HEADER_SEQUENCE_FIELD);
    writer.#push(header);
    return writer;
  }

  /** Bytes written so far (header and records). */
  get length(): number {
    return this.#length;
  }

  get recordCount(): number {
    return this.#records.length;
  }

  /** Records appended so far, with their offsets (the pack id is known only after seal). */
  get records(): readonly RecordEntry[] {
    return this.#records;
  }

  #check(): void {
    if (this.#failed) throw new CairnError('CAIRN_IO', 'pack writer failed earlier', { cause: this.#failed });
    if (this.#sealed) throw new Error('pack already sealed');
  }

  #push(bytes: Buffer): void {
    this.#hash.update(bytes);
    this.#buffered.push(bytes);
    this.#bufferedBytes += bytes.length;
    this.#length += bytes.length;
  }

  async #flush(): Promise<void> {
    if (this.#bufferedBytes === 0) return;
    const parts = this.#buffered;
    this.#buffered = [];
    this.#bufferedBytes = 0;
    try {
      await this.#file!.writev(parts);
    } catch (error) {
      this.#failed = error;
      throw new CairnError('CAIRN_IO', `writing pack ${this.#tmpPath}: ${(error as Error).message}`, { path: this.#tmpPath, cause: error });
    }
  }

  /** Writes what is buffered: the payloads appended so far are no longer referenced (their buffers may be reused). */
  async flush(): Promise<void> {
    this.#check();
    await this.#flush();
  }

  /** Appends a record; `payload` is the stored form (compressed or raw). Returns its offset. */
  async append(kind: RecordKind, codec: Codec, digestHex: string, uncompressedLength: number, payload: Uint8Array): Promise<number> {
    this.#check();
    if (payload.length > MAX_RECORD_LENGTH || uncompressedLength > MAX_RECORD_LENGTH) {
      throw new RangeError(`record too large: ${uncompressedLength} bytes`);
    }
    const offset = this.#length;
    const record: RecordEntry = { pack: '', offset, kind, codec, uncompressedLength, storedLength: payload.length, digest: digestHex };
    this.#push(encodeRecordHeader(record));
    this.#push(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    this.#records.push(record);
    if (this.#bufferedBytes >= FLUSH_AT) await this.#flush();
    return offset;
  }

  /** Trailer, fsync, rename into place, fsync the directory. Returns the sealed pack. */
  async seal(): Promise<SealedPack> {
    this.#check();
    const trailer = Buffer.alloc(TRAILER_LENGTH);
    TRAILER_MAGIC.copy(trailer, 0);
    trailer.writeUInt32LE(this.#records.length, TRAILER_COUNT_FIELD);
    trailer.writeBigUInt64LE(BigInt(this.#length), TRAILER_AT_FIELD);
    this.#push(trailer);
    await this.#flush();
    const file = this.#file!;
    try {
      this.#readBack(file, trailer);
      await file.sync();
      await file.close();
      this.#file = undefined;
      const id = this.#hash.digest('hex');
      const path = this.#finalPath(id);
      await mkdir(dirname(path), { recursive: true });
      await rename(this.#tmpPath, path);
      await syncDirectory(dirname(path));
      this.#sealed = true;
      const records = this.#records.map((r) => ({ ...r, pack: id }));
      return { id, path, bytes: this.#length, records, sequence: this.sequence };
    } catch (error) {
      this.#failed = error;
      throw error instanceof CairnError ? error : new CairnError('CAIRN_IO', `sealing pack: ${(error as Error).message}`, { path: this.#tmpPath, cause: error });
    }
  }

  /**
   * Reads the pack header, every record header and the trailer back from the file: the bytes
   * on disk must be what was written, or the pack is not sealed (a later reader could not find
   * the records the index is about to point at). The file is read synchronously in windows of
   * READ_BACK_WINDOW bytes (the records of a pack of small files lie a few KiB apart): an
   * asynchronous read per record costs a trip through libuv's thread pool, and even a system
   * call per record is some µs each for thousands of records.
   */
  #readBack(file: FileHandle, trailer: Buffer): void {
    const differs = (what: string, offset: number) =>
      new CairnError('CAIRN_IO', `pack ${what} read back at offset ${offset} differs from what was written: ${this.#tmpPath}`, { path: this.#tmpPath, offset });
    const window = Buffer.allocUnsafe(Math.min(READ_BACK_WINDOW, this.#length));
    let from = 0;
    let got = 0;
    /** The `length` bytes at `offset` (a view of the window, read again from there when they are not in it), or undefined past the end of the file. */
    const bytesAt = (offset: number, length: number): Buffer | undefined => {
      if (offset < from || offset + length > from + got) {
        from = offset;
        got = 0;
        for (let n = -1; n !== 0 && got < window.length;) got += n = readSync(file.fd, window, got, window.length - got, from + got);
      }
      return offset + length <= from + got ? window.subarray(offset - from, offset - from + length) : undefined;
    };
    const header = bytesAt(0, PACK_HEADER_LENGTH);
    if (!header?.subarray(0, 8).equals(PACK_MAGIC) || header.readUInt32LE(HEADER_VERSION_FIELD) !== PACK_VERSION
      || Number(header.readBigUInt64LE(HEADER_SEQUENCE_FIELD)) !== this.sequence) {
      throw differs('header', 0);
    }
    for (const r of this.#records) {
      if (!bytesAt(r.offset, RECORD_HEADER_LENGTH)?.equals(encodeRecordHeader(r))) throw differs('record header', r.offset);
    }
    const trailerAt = this.#length - TRAILER_LENGTH;
    if (!bytesAt(trailerAt, TRAILER_LENGTH)?.equals(trailer)) throw differs('trailer', trailerAt);
  }

  /** Drops an unsealed pack (its temporary file is removed). */
  async abandon(): Promise<void> {
    this.#sealed = true;
    await this.#file?.close().catch(() => undefined);
    this.#file = undefined;
    await rm(this.#tmpPath, { force: true });
  }
}

/** The 44-byte header of a record (see format.ts). */
export function encodeRecordHeader(r: Omit<RecordEntry, 'pack' | 'offset'>): Buffer {
  const header = Buffer.alloc(RECORD_HEADER_LENGTH);
  header.writeUInt8(r.kind, RECORD_KIND_FIELD);
  header.writeUInt8(r.codec, RECORD_CODEC_FIELD);
  header.writeUInt32LE(r.uncompressedLength, RECORD_UNCOMPRESSED_FIELD);
  header.writeUInt32LE(r.storedLength, RECORD_STORED_FIELD);
  header.write(r.digest, RECORD_DIGEST_FIELD, 32, 'hex');
  return header;
}

/** fsync a directory so that a rename in it survives power loss. */
export async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
