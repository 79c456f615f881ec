/**
 * Carrying out batches of file system operations (ops.ts), one after another, with
 * synchronous calls: in the writer's worker thread (worker.ts), or on the calling thread.
 * After the first failure a runner runs nothing more and reports that failure for every batch,
 * so that the export stops with it.
 *
 * The safety rules are the rootfs export's (rootfs/disk-writer.ts): every path is inside the target, its
 * parents are directories the export made, and nothing here follows a last component —
 * files are opened with O_CREAT | O_EXCL | O_NOFOLLOW, and mkdir, symlink and link fail if
 * anything is already there.
 */
import {
  closeSync, constants, fchmodSync, fchownSync, ftruncateSync, futimesSync, lchownSync, linkSync, lutimesSync,
  mkdirSync, openSync, readSync, rmSync, symlinkSync, unlinkSync, writeSync,
} from 'node:fs';
// The pack modules the writer needs, not the pack index (its writer and scanner).
import { Codec, RECORD_HEADER_LENGTH, type RecordLocation } from '../pack/format.js';
import { recordPayloadIn } from '../pack/reader.js';
import { GroupCache } from '../pack/group.js';
import { createHash, type Hash } from 'node:crypto';
import { RecordDecompressor } from '../store/compression.js';
import { ScratchSlot } from '../scratch.js';
import type { DiskBatch, DiskOp, DiskReply, OpMetadata } from './ops.js';

const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OPEN_EXISTING = constants.O_WRONLY | constants.O_NOFOLLOW;

/** Node turns a negative number of seconds into "now"; a numeric string passes as it is. */
function timeArg(seconds: number): number | string {
  return seconds < 0 ? String(seconds) : seconds;
}

const bytesOf = (path: string) => Buffer.from(path, 'latin1');

function descriptor(files: Map<number, number>, file: number): number {
  const fd = files.get(file);
  if (fd === undefined) throw new Error(`internal error: file ${file} is not open`);
  return fd;
}

function applyByFd(fd: number, meta: OpMetadata): void {
  if (meta.chown) fchownSync(fd, meta.uid, meta.gid);
  if (meta.chmod) fchmodSync(fd, meta.mode);
  futimesSync(fd, timeArg(meta.atime), timeArg(meta.mtime));
}

/** The layer being checked: its bytes' hash so far, and how many there were. */
class LayerHash {
  #hash: Hash = createHash('sha256');
  #length = 0;
  #decompressor: RecordDecompressor | undefined;
  readonly #scratch = new ScratchSlot();

  add(bytes: Uint8Array): void {
    this.#hash.update(bytes);
    this.#length += bytes.length;
  }

  /**
   * The chunk decompressed into a buffer this layer reuses: valid until the next call (the
   * runner hashes and writes it at once). Fresh memory for every chunk cost a page fault per
   * 4 KiB, dear on a virtual machine.
   */
  decompress(payload: Uint8Array, length: number): Uint8Array {
    try {
      return (this.#decompressor ??= new RecordDecompressor()).decompress(payload, length, (n) => this.#scratch.take(n));
    } catch (error) {
      throw corrupt(`a chunk does not decompress: ${(error as Error).message}`);
    }
  }

  /** Checks the layer's bytes against its DiffID; starts the next layer. */
  end(diffId: string, length: number): void {
    const actual = 'sha256:' + this.#hash.digest('hex');
    const count = this.#length;
    this.#hash = createHash('sha256');
    this.#length = 0;
    if (actual !== diffId || count !== length) {
      throw corrupt(`layer ${diffId} rebuilt to ${actual} (${count} bytes): the layer recipe or its chunks are corrupt`, diffId);
    }
  }
}

/** Pack files kept open by the writer, at most. */
const PACK_FILES = 64;
/**
 * A pack is read in windows of at least this many bytes, so that neighbouring records (a batch
 * of small files' chunks, a large file's chunks) come with one read...
 */
const READ_WINDOW = 256 << 10;
/** Chunk groups kept decompressed (pack/group.ts), in buffers of at least GROUP_BUFFER bytes reused from one to the next. */
const GROUPS_KEPT = 8;
const GROUP_BUFFER = 2 << 20;
/** ...and consecutive writes to a file are gathered up to this many bytes before they are written. */
const WRITE_BEHIND = 256 << 10;

/**
 * Chunk records read from their packs (the 'chunk-at' operation): a window of the pack at a
 * time into one buffer that is reused (a payload is valid until the next read), each record's
 * header checked against the index.
 */
class PackReads {
  readonly #files = new Map<string, number>();
  readonly #scratch = new ScratchSlot();
  /** The last groups decompressed, each into a buffer of its own (see member()). */
  readonly #groups = new GroupCache(GROUPS_KEPT, GROUP_BUFFER);
  #decompressor: RecordDecompressor | undefined;
  /** What the buffer holds: `bytes` from `start` of `packFile`. */
  #window: { packFile: string; start: number; bytes: Buffer } = { packFile: '', start: 0, bytes: Buffer.alloc(0) };

  /** The record's payload (a view of the reused buffer). */
  payload(packFile: string, location: RecordLocation, hex: string): Buffer {
    let fd = this.#files.get(packFile);
    if (fd === undefined) {
      if (this.#files.size >= PACK_FILES) this.close();
      try {
        fd = openSync(packFile, 'r');
      } catch (error) {
        // Worded as the store's own reads word it (store/pack-files.ts).
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        throw corrupt(missing ? `pack ${location.pack} is missing` : `pack ${location.pack} cannot be read: ${(error as Error).message}`, `sha256:${hex}`);
      }
      this.#files.set(packFile, fd);
    }
    const length = RECORD_HEADER_LENGTH + location.storedLength;
    const window = this.#window;
    if (window.packFile !== packFile || location.offset < window.start || location.offset + length > window.start + window.bytes.length) {
      const into = this.#scratch.take(Math.max(length, READ_WINDOW));
      const read = readSync(fd, into, 0, into.length, location.offset);
      this.#window = { packFile, start: location.offset, bytes: Buffer.from(into.buffer, into.byteOffset, read) };
    }
    const { start, bytes } = this.#window;
    return recordPayloadIn(bytes, location.offset - start, location, hex);
  }

  /**
   * A chunk of a group (pack/group.ts): the group read and decompressed once into a buffer this
   * reader reuses, kept while its members are asked for in turn; the bytes are valid until the
   * next read.
   */
  member(packFile: string, location: RecordLocation, hex: string): Uint8Array {
    // Ops use a member's bytes before the next op runs: nothing keeps a view of a group's buffer.
    const group = this.#groups.get(location, (allocate) => {
      const payload = this.payload(packFile, location, hex);
      try {
        return (this.#decompressor ??= new RecordDecompressor()).decompress(payload, location.uncompressedLength, allocate);
      } catch (error) {
        throw corrupt(`chunk group at offset ${location.offset} of pack ${location.pack} does not decompress: ${(error as Error).message}`, `sha256:${hex}`);
      }
    });
    return group.member(location, hex);
  }

  close(): void {
    this.#groups.clear();
    this.#window = { packFile: '', start: 0, bytes: Buffer.alloc(0) };
    for (const fd of this.#files.values()) closeSync(fd);
    this.#files.clear();
  }
}

/**
 * Writes gathered while they follow one another in one file (a layer file's framing and small
 * files, a large file's chunks), then written at once: flushed before anything else is done
 * with the file (its close, which also sets its times) or another file is written.
 */
class WriteBehind {
  readonly #buffer = Buffer.allocUnsafeSlow(WRITE_BEHIND);
  #fd = -1;
  #position = 0;
  #length = 0;

  write(fd: number, bytes: Uint8Array, position: number): void {
    if (fd !== this.#fd || position !== this.#position + this.#length || this.#length + bytes.length > this.#buffer.length) {
      this.flush();
      if (bytes.length >= this.#buffer.length) {
        writeAll(fd, bytes, position);
        return;
      }
      this.#fd = fd;
      this.#position = position;
    }
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  flush(): void {
    const length = this.#length;
    this.#length = 0;
    if (length > 0) writeAll(this.#fd, this.#buffer.subarray(0, length), this.#position);
    this.#fd = -1;
  }

  /** Drops what is gathered (after a failure). */
  drop(): void {
    this.#length = 0;
    this.#fd = -1;
  }
}

/** An error the export reports as CorruptDataError (CAIRN_CORRUPT). */
function corrupt(message: string, digest?: string): Error {
  return Object.assign(new Error(message), { code: 'CAIRN_CORRUPT', ...(digest ? { digest } : {}) });
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/** What the operations work with: open descriptors, the layer's hash, the packs read, the writes gathered. */
interface RunState {
  files: Map<number, number>;
  layer: LayerHash;
  packs: PackReads;
  out: WriteBehind;
}

function run({ files, layer, packs, out }: RunState, op: DiskOp, data: Uint8Array): void {
  switch (op.op) {
    case 'hash':
      layer.add(data.subarray(op.offset, op.offset + op.length));
      return;
    case 'chunk': {
      const stored = data.subarray(op.offset, op.offset + op.stored);
      const bytes = op.zstd ? layer.decompress(stored, op.length) : stored;
      layer.add(bytes);
      if (op.file >= 0) out.write(descriptor(files, op.file), bytes, op.position);
      return;
    }
    case 'chunk-at': {
      let bytes: Uint8Array;
      if (op.location.member) bytes = packs.member(op.packFile, op.location, op.hex);
      else {
        const stored = packs.payload(op.packFile, op.location, op.hex);
        bytes = op.location.codec === Codec.Raw ? stored : layer.decompress(stored, op.location.uncompressedLength);
      }
      layer.add(bytes);
      if (op.file >= 0) out.write(descriptor(files, op.file), bytes, op.position);
      return;
    }
    case 'end-layer':
      layer.end(op.diffId, op.length);
      return;
    case 'mkdir':
      mkdirSync(bytesOf(op.path), op.mode);
      return;
    case 'open':
      files.set(op.file, openSync(bytesOf(op.path), op.existing ? OPEN_EXISTING : CREATE_FILE, op.mode));
      return;
    case 'write': {
      const bytes = data.subarray(op.offset, op.offset + op.length);
      if (op.hash) layer.add(bytes);
      out.write(descriptor(files, op.file), bytes, op.position);
      return;
    }
    case 'close': {
      out.flush();
      const fd = descriptor(files, op.file);
      files.delete(op.file);
      try {
        if (op.truncate !== undefined) ftruncateSync(fd, op.truncate);
        if (op.meta) applyByFd(fd, op.meta);
      } finally {
        closeSync(fd);
      }
      return;
    }
    case 'symlink': {
      const at = bytesOf(op.path);
      symlinkSync(bytesOf(op.target), at);
      if (op.meta.chown) lchownSync(at, op.meta.uid, op.meta.gid);
      lutimesSync(at, timeArg(op.meta.atime), timeArg(op.meta.mtime));
      return;
    }
    case 'link':
      linkSync(bytesOf(op.existing), bytesOf(op.path));
      return;
    case 'unlink':
      unlinkSync(bytesOf(op.path));
      return;
    case 'rmdir-all':
      rmSync(bytesOf(op.path), { recursive: true });
      return;
  }
}

/** Runs batches in order; holds the descriptors of files still being written. */
export class DiskOpRunner {
  readonly #files = new Map<number, number>();
  readonly #layer = new LayerHash();
  readonly #packs = new PackReads();
  readonly #out = new WriteBehind();
  readonly #state: RunState = { files: this.#files, layer: this.#layer, packs: this.#packs, out: this.#out };
  #failure: Omit<Extract<DiskReply, { ok: false }>, 'data' | 'id'> | undefined;

  /** Runs one operation now (`data` holds a write's bytes); throws its error as it is. */
  runNow(op: DiskOp, data: Uint8Array): void {
    try {
      run(this.#state, op, data);
    } catch (error) {
      this.#closeAll();
      throw error;
    }
  }

  /** Runs a batch (or, for the last one, closes everything); the reply hands the data buffer back. */
  run(batch: DiskBatch): DiskReply {
    if (batch.last) {
      this.#closeAll();
      this.#failure ??= { ok: false, message: 'the export is over', op: 'last' };
      return { id: batch.id, ok: true, data: batch.data };
    }
    if (this.#failure === undefined) {
      const data = new Uint8Array(batch.data);
      for (const op of batch.ops) {
        try {
          run(this.#state, op, data);
        } catch (error) {
          const e = error as NodeJS.ErrnoException;
          const path = 'path' in op ? Buffer.from(op.path, 'latin1').toString('utf8') : undefined;
          const digest = (error as { digest?: string }).digest;
          this.#failure = { ok: false, message: e.message, op: op.op, ...(e.code ? { code: e.code } : {}), ...(path ? { path } : {}), ...(digest ? { digest } : {}) };
          this.#closeAll();
          break;
        }
      }
    }
    return this.#failure ? { ...this.#failure, id: batch.id, data: batch.data } : { id: batch.id, ok: true, data: batch.data };
  }

  #closeAll(): void {
    this.#out.drop();
    try {
      this.#packs.close();
    } catch {
      // As below.
    }
    for (const fd of this.#files.values()) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; the first error is the one reported.
      }
    }
    this.#files.clear();
  }
}
