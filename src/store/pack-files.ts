/**
 * Reading records from sealed packs through a cache of open pack files: one handle per pack
 * (the promise, so concurrent reads share one open), at most PACK_FILES idle ones kept.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { CorruptDataError } from '../errors.js';
import { DIGEST_PREFIX } from '../digest.js';
import {
  Codec, GroupCache, RECORD_HEADER_LENGTH, checkLocationBounds, openPackFile, readRecordPayload, recordPayloadIn, type RecordLocation,
} from '../pack/index.js';
import { RecordDecompressor } from './compression.js';
import type { BatchRecord } from './decompress-batch.js';
import { DecompressPool } from './decompress-pool.js';
import { ReadCoalescer } from './read-coalescer.js';
import { takeSpare } from '../scratch.js';
import { KIND_NAMES } from './keys.js';
import { packPath, type StoreLayout } from './layout.js';

/** Idle pack files kept open. */
const PACK_FILES = 64;
/** readRecords reads neighbouring records with one read when at most this many bytes lie between them... */
const SPAN_GAP = 16 * 1024;
/** ...and the read stays within this many bytes. */
const SPAN_BYTES = 1 << 20;
/**
 * readRecordsOffThread starts its worker once this many bytes have been decompressed inline in
 * the process (every store open counts): a one-shot command reading a small layer never pays a
 * worker's start, and a process that reads a lot keeps its reads off-thread.
 */
export const DECOMPRESSION_INLINE_BYTES = 64 << 20;
/** What is left of DECOMPRESSION_INLINE_BYTES in this process (stores opened with their own budget do not count). */
const processBudget = { left: DECOMPRESSION_INLINE_BYTES };
/** readRecordsOffThread decompresses on a worker when a batch has at least this many bytes to decompress... */
const OFF_THREAD_BYTES = 128 * 1024;
/** ...and gathers smaller calls into batches of this many bytes (each job costs a thread wake-up each way). */
const JOB_BYTES = 1 << 20;
/**
 * Span buffers of decoded reads are reused (a span's bytes are garbage once its records are
 * decompressed; fresh memory costs a page fault per 4 KiB): at most this many kept, their sizes
 * rounded up to SPAN_ROUND.
 */
const SPAN_SPARES = 8;
const SPAN_ROUND = 128 * 1024;
/** Chunk groups kept decompressed (1 MiB each by default; see GroupCache), in buffers of at least GROUP_BUFFER bytes reused from one to the next. */
const GROUPS_KEPT = 8;
const GROUP_BUFFER = 3 << 19;


export class PackFiles {
  readonly #layout: StoreLayout;
  readonly decompressor = new RecordDecompressor();
  /** Open pack files, and how many reads use each. */
  #files = new Map<string, { handle: Promise<FileHandle>; users: number }>();
  /** Started by the first readRecordsOffThread that is worth a hand-off. */
  #pool: DecompressPool | undefined;
  /** closeAll() was called: no worker is started again. */
  #closed = false;
  /** Span buffers decoded reads hand back (see SPAN_SPARES). */
  readonly #spanSpares: ArrayBuffer[] = [];
  readonly #coalescer = new ReadCoalescer((wanted) => this.#readBatchOffThread(wanted), JOB_BYTES);
  /** The last chunk groups decompressed (pack/group.ts): neighbouring chunks come from the same group. */
  readonly #groups = new GroupCache(GROUPS_KEPT, GROUP_BUFFER);
  /** Bytes still to decompress on the calling thread before the worker starts: the process's, or this store's own. */
  readonly #budget: { left: number };

  /** `inlineBytes`: this store's own budget instead of the process's (0: the worker starts with the first large batch). */
  constructor(layout: StoreLayout, inlineBytes?: number) {
    this.#layout = layout;
    this.#budget = inlineBytes === undefined ? processBudget : { left: inlineBytes };
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
    this.#closed = true;
    await this.#pool?.close();
    this.#pool = undefined;
    for (const id of [...this.#files.keys()]) await this.closePackFile(id);
  }

  /** Reads and decodes one record's bytes (decompressed). */
  async readRecord(location: RecordLocation, hex: string): Promise<Buffer> {
    if (location.pack === '') throw new Error('record is in the open pack');
    if (location.member) return (await this.readRecords([{ location, hex }]))[0]!;
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
    // A chunk of a group whose content is at hand needs no read.
    const out = new Array<Buffer>(wanted.length);
    const cached = wanted.map(({ location, hex }, i) => {
      const group = location.member ? this.#groups.peek(location) : undefined;
      if (group) out[i] = Buffer.from(group.member(location, hex));
      return group !== undefined;
    });
    if (cached.some((c) => c)) {
      const rest = wanted.filter((_, i) => !cached[i]);
      const read = rest.length > 0 ? await this.readRecords(rest, decode) : [];
      let j = 0;
      for (let i = 0; i < wanted.length; i++) if (!cached[i]) out[i] = read[j++]!;
      return out;
    }
    const spans = planSpans(wanted);
    if (!decode) {
      // Group members come decoded (a group's payload is no chunk's stored form).
      const payloads = await this.#readSpans(wanted, spans, (n) => Buffer.allocUnsafe(n));
      return payloads.map((payload, i) => (wanted[i]!.location.member ? this.#member(payload, wanted[i]!.location, wanted[i]!.hex) : payload));
    }
    await Promise.all(spans.map(async (span) => {
      // A span of raw records only is returned as views of its buffer; any other is read into
      // a reused buffer, its raw records copied out and the others decompressed.
      if (span.members.every((i) => wanted[i]!.location.codec === Codec.Raw)) {
        await this.#readSpan(wanted, span, Buffer.allocUnsafe(span.end - span.start), out);
        return;
      }
      const scratch = takeSpare(this.#spanSpares, span.end - span.start, SPAN_ROUND);
      try {
        await this.#readSpan(wanted, span, Buffer.from(scratch.buffer, 0, scratch.length), out);
        for (const i of span.members) {
          const { location, hex } = wanted[i]!;
          out[i] = location.member ? this.#member(out[i]!, location, hex)
            : location.codec === Codec.Raw ? Buffer.from(out[i]!) : this.#decode(out[i]!, location, hex);
        }
      } finally {
        if (this.#spanSpares.length < SPAN_SPARES) this.#spanSpares.push(scratch.buffer as ArrayBuffer);
      }
    }));
    return out;
  }

  /**
   * As readRecords (decoded), with the decompression on a worker thread when the batch is
   * large enough to pay for the hand-off (decompress-pool.ts): the payloads are read into one
   * buffer that the worker takes. Small calls are gathered into such batches first
   * (read-coalescer.ts). A batch is decoded here when the worker is not up yet or already has
   * its fill of jobs (the two threads then share the work). When the worker cannot decompress
   * a batch, it is read and decoded again here, so that the error names the record that fails.
   */
  readRecordsOffThread(wanted: readonly { location: RecordLocation; hex: string }[]): Promise<Buffer[]> {
    return this.#coalescer.read(wanted);
  }

  async #readBatchOffThread(wanted: readonly { location: RecordLocation; hex: string }[]): Promise<Buffer[]> {
    if (wanted.some(({ location }) => location.member)) {
      // Group members are decoded here (a group is decompressed once for all its members
      // asked, and kept for the next call); the other records as below.
      const out = new Array<Buffer>(wanted.length);
      const members = wanted.flatMap((w, i) => (w.location.member ? [i] : []));
      const others = wanted.flatMap((w, i) => (w.location.member ? [] : [i]));
      const [grouped, rest] = await Promise.all([
        this.readRecords(members.map((i) => wanted[i]!)),
        others.length > 0 ? this.#readBatchOffThread(others.map((i) => wanted[i]!)) : Promise.resolve([]),
      ]);
      members.forEach((i, j) => { out[i] = grouped[j]!; });
      others.forEach((i, j) => { out[i] = rest[j]!; });
      return out;
    }
    let compressed = 0;
    for (const { location } of wanted) if (location.codec !== Codec.Raw) compressed += location.uncompressedLength;
    if (compressed < OFF_THREAD_BYTES || this.#closed) return this.readRecords(wanted);
    if (!this.#pool && this.#budget.left > 0) {
      this.#budget.left -= compressed;
      return this.readRecords(wanted);
    }
    const pool = (this.#pool ??= new DecompressPool());
    if (!pool.ready() || pool.busy()) return this.readRecords(wanted);
    const spans = planSpans(wanted);
    const input = pool.buffer(spans.reduce((sum, span) => sum + span.end - span.start, 0));
    let used = 0;
    const payloads = await this.#readSpans(wanted, spans, (n) => {
      const region = Buffer.from(input.buffer, input.byteOffset + used, n);
      used += n;
      return region;
    });
    const records: BatchRecord[] = wanted.map(({ location }, i) => ({
      at: payloads[i]!.byteOffset - input.byteOffset, stored: payloads[i]!.length, zstd: location.codec !== Codec.Raw, length: location.uncompressedLength,
    }));
    let outputs: Uint8Array[];
    try {
      outputs = await pool.decompress(input, records);
    } catch {
      return this.readRecords(wanted);
    }
    let output = 0;
    let at = 0;
    return records.map(({ length }) => {
      if (at + length > outputs[output]!.length) {
        output++;
        at = 0;
      }
      const bytes = Buffer.from(outputs[output]!.buffer, outputs[output]!.byteOffset + at, length);
      at += length;
      return bytes;
    });
  }

  /** The spans' bytes read (each into a buffer from `allocate`), and each record's payload in them, its header checked. */
  async #readSpans(wanted: readonly { location: RecordLocation; hex: string }[], spans: Span[], allocate: (n: number) => Buffer): Promise<Buffer[]> {
    const out: Buffer[] = new Array<Buffer>(wanted.length);
    await Promise.all(spans.map((span) => this.#readSpan(wanted, span, allocate(span.end - span.start), out)));
    return out;
  }

  /** One span's bytes read into `buffer` (its length), and each member's payload in them (`out`), its header checked. */
  async #readSpan(wanted: readonly { location: RecordLocation; hex: string }[], { members, start }: Span, buffer: Buffer, out: Buffer[]): Promise<void> {
    // Read on this thread: from the page cache a span is a copy, where an asynchronous read
    // costs this thread 20-40 µs of cross-CPU wake-up per call on the VMs measured (a cold
    // read blocks the event loop for one span, at most SPAN_BYTES).
    const pack = wanted[members[0]!]!.location.pack;
    const bytesRead = await this.withPackFile(pack, async (file) => readSync(file.fd, buffer, 0, buffer.length, start));
    const read = buffer.subarray(0, bytesRead);
    for (const i of members) {
      const { location, hex } = wanted[i]!;
      out[i] = recordPayloadIn(read, location.offset - start, location, hex);
    }
  }

  /**
   * A group member's bytes, copied out of its group (decompressed, or found among the last few):
   * an evicted group's buffer takes the next group (fresh memory costs a page fault per 4 KiB,
   * more than the copy), so nothing returned may be a view of one.
   */
  #member(payload: Buffer, location: RecordLocation, hex: string): Buffer {
    const group = this.#groups.get(location, (allocate) => this.#decode(payload, location, hex, allocate));
    return Buffer.from(group.member(location, hex));
  }

  #decode(payload: Buffer, location: RecordLocation, hex: string, allocate: (n: number) => Buffer = (n) => Buffer.allocUnsafe(n)): Buffer {
    if (location.codec === Codec.Raw) return payload;
    try {
      return this.decompressor.decompress(payload, location.uncompressedLength, allocate);
    } catch (cause) {
      // A group member is named as the chunk asked for, its group's place given.
      const what = location.member ? `chunk sha256:${hex} in pack ${location.pack} (in the chunk group at offset ${location.offset})` : `${KIND_NAMES[location.kind]} sha256:${hex} in pack ${location.pack}`;
      throw new CorruptDataError(`${what} does not decompress`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset, cause,
      });
    }
  }

  /** Whether the record header at `location` matches (the payload is not checked). */
  async recordMatches(location: RecordLocation, hex: string): Promise<boolean> {
    try {
      // A group member is checked against its group's table.
      if (location.member) await this.readRecords([{ location, hex }]);
      else await this.withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
      return true;
    } catch {
      return false;
    }
  }
}

/** Records read with one read: `members` (indexes into the records asked), from `start` to `end` of one pack. */
interface Span {
  members: number[];
  start: number;
  end: number;
}

/** The records grouped into spans: neighbours in a pack at most SPAN_GAP apart, each span within SPAN_BYTES. */
function planSpans(wanted: readonly { location: RecordLocation }[]): Span[] {
  const order = wanted.map((_, i) => i).sort((a, b) => {
    const x = wanted[a]!.location;
    const y = wanted[b]!.location;
    return x.pack < y.pack ? -1 : x.pack > y.pack ? 1 : x.offset - y.offset;
  });
  const spans: Span[] = [];
  let span: Span | undefined;
  for (const i of order) {
    const { location } = wanted[i]!;
    if (location.pack === '') throw new Error('record is in the open pack');
    checkLocationBounds(location);
    const end = location.offset + RECORD_HEADER_LENGTH + location.storedLength;
    const first = span ? wanted[span.members[0]!]!.location : undefined;
    if (span && first!.pack === location.pack && location.offset >= span.start && location.offset - span.end <= SPAN_GAP && end - span.start <= SPAN_BYTES) {
      span.members.push(i);
      span.end = Math.max(span.end, end);
      continue;
    }
    span = { members: [i], start: location.offset, end };
    spans.push(span);
  }
  return spans;
}

/** Decompresses, or undefined when the payload does not decompress. */
export function safeDecompress(d: RecordDecompressor, payload: Uint8Array, length: number): Buffer | undefined {
  try {
    return d.decompress(payload, length);
  } catch {
    return undefined;
  }
}
