/**
 * Reading records from sealed packs through a cache of open pack files: one handle per pack
 * (the promise, so concurrent reads share one open), at most PACK_FILES idle ones kept.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { CorruptDataError } from '../errors.js';
import { DIGEST_PREFIX } from '../digest.js';
import {
  Codec, RECORD_HEADER_LENGTH, checkLocationBounds, openPackFile, readRecordPayload, recordPayloadIn, type RecordLocation,
} from '../pack/index.js';
import { RecordDecompressor } from './compression.js';
import { KIND_NAMES } from './keys.js';
import { packPath, type StoreLayout } from './layout.js';

/** Idle pack files kept open. */
const PACK_FILES = 64;
/** readRecords reads neighbouring records with one read when at most this many bytes lie between them... */
const SPAN_GAP = 16 * 1024;
/** ...and the read stays within this many bytes. */
const SPAN_BYTES = 1 << 20;


export class PackFiles {
  readonly #layout: StoreLayout;
  readonly decompressor = new RecordDecompressor();
  /** Open pack files, and how many reads use each. */
  #files = new Map<string, { handle: Promise<FileHandle>; users: number }>();

  constructor(layout: StoreLayout) {
    this.#layout = layout;
  }

  /**
   * Runs `work` with the pack's open file. Handles are cached (at most PACK_FILES idle ones);
   * a handle is closed only when no read is using it.
   */
  async withPackFile<T>(id: string, work: (file: FileHandle) => Promise<T>): Promise<T> {
    let entry = this.#files.get(id);
    if (!entry) {
      if (this.#files.size >= PACK_FILES) {
        for (const [key, idle] of this.#files) {
          if (idle.users > 0) continue;
          this.#files.delete(key);
          void idle.handle.then((h) => h.close()).catch(() => undefined);
          break;
        }
      }
      const handle = openPackFile(packPath(this.#layout, id), 'r').catch((cause: unknown) => {
        this.#files.delete(id);
        throw new CorruptDataError(`pack ${id} is missing`, { pack: id, cause });
      });
      entry = { handle, users: 0 };
      this.#files.set(id, entry);
    }
    entry.users++;
    try {
      return await work(await entry.handle);
    } finally {
      entry.users--;
    }
  }

  /** Closes a pack's file (before the pack is deleted). */
  async closePackFile(id: string): Promise<void> {
    const entry = this.#files.get(id);
    this.#files.delete(id);
    await entry?.handle.then((h) => h.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.#files.keys()]) await this.closePackFile(id);
  }

  /** Reads and decodes one record's bytes (decompressed). */
  async readRecord(location: RecordLocation, hex: string): Promise<Buffer> {
    if (location.pack === '') throw new Error('record is in the open pack');
    const payload = await this.withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
    return this.#decode(payload, location, hex);
  }

  /**
   * Reads and decodes many records (decompressed), in the order asked. Records that lie close
   * together in one pack (as a batch of small files' chunks do) are read with one read per
   * span instead of one each; every record header is checked as readRecord checks it.
   * `decode` false: the payloads as stored (zstd or raw, as each location's codec says).
   */
  async readRecords(wanted: readonly { location: RecordLocation; hex: string }[], decode = true): Promise<Buffer[]> {
    const out: Buffer[] = new Array<Buffer>(wanted.length);
    const order = wanted.map((_, i) => i).sort((a, b) => {
      const x = wanted[a]!.location;
      const y = wanted[b]!.location;
      return x.pack < y.pack ? -1 : x.pack > y.pack ? 1 : x.offset - y.offset;
    });
    const spans: number[][] = [];
    let span: number[] = [];
    let spanStart = 0;
    let spanEnd = 0;
    for (const i of order) {
      const { location } = wanted[i]!;
      if (location.pack === '') throw new Error('record is in the open pack');
      checkLocationBounds(location);
      const end = location.offset + RECORD_HEADER_LENGTH + location.storedLength;
      const first = span.length > 0 ? wanted[span[0]!]!.location : undefined;
      if (first && first.pack === location.pack && location.offset >= spanStart && location.offset - spanEnd <= SPAN_GAP && end - spanStart <= SPAN_BYTES) {
        span.push(i);
        spanEnd = Math.max(spanEnd, end);
        continue;
      }
      if (span.length > 0) spans.push(span);
      span = [i];
      spanStart = location.offset;
      spanEnd = end;
    }
    if (span.length > 0) spans.push(span);
    await Promise.all(spans.map(async (members) => {
      const first = wanted[members[0]!]!.location;
      const start = first.offset;
      const end = Math.max(...members.map((i) => wanted[i]!.location.offset + RECORD_HEADER_LENGTH + wanted[i]!.location.storedLength));
      const buffer = Buffer.allocUnsafe(end - start);
      // Read on this thread: from the page cache a span is a copy, where an asynchronous read
      // costs this thread 20-40 µs of cross-CPU wake-up per call on the VMs measured (a cold
      // read blocks the event loop for one span, at most SPAN_BYTES).
      const bytesRead = await this.withPackFile(first.pack, async (file) => readSync(file.fd, buffer, 0, buffer.length, start));
      const read = buffer.subarray(0, bytesRead);
      for (const i of members) {
        const { location, hex } = wanted[i]!;
        const payload = recordPayloadIn(read, location.offset - start, location, hex);
        out[i] = decode ? this.#decode(payload, location, hex) : payload;
      }
    }));
    return out;
  }

  #decode(payload: Buffer, location: RecordLocation, hex: string): Buffer {
    if (location.codec === Codec.Raw) return payload;
    try {
      return this.decompressor.decompress(payload, location.uncompressedLength);
    } catch (cause) {
      throw new CorruptDataError(`${KIND_NAMES[location.kind]} sha256:${hex} in pack ${location.pack} does not decompress`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset, cause,
      });
    }
  }

  /** Whether the record header at `location` matches (the payload is not checked). */
  async recordMatches(location: RecordLocation, hex: string): Promise<boolean> {
    try {
      await this.withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
      return true;
    } catch {
      return false;
    }
  }
}

/** Decompresses, or undefined when the payload does not decompress. */
export function safeDecompress(d: RecordDecompressor, payload: Uint8Array, length: number): Buffer | undefined {
  try {
    return d.decompress(payload, length);
  } catch {
    return undefined;
  }
}
