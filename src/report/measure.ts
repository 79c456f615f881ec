/**
 * The measuring engine behind `analyze` and `report`: layers go in as recipe pieces (framing
 * runs and files, the partition ingest stores; see ingest/layer-parts.ts), plain numbers come
 * out. Nothing is written anywhere and no file is held whole beyond HOLD_LIMIT bytes.
 *
 * What it keeps, for every distinct object across all inputs, is a 32-byte digest (as a map
 * key), its length and its stored length:
 * - files, by the sha256 of their content (this is also the `file` chunking mode: one chunk per
 *   file);
 * - chunks, one table per chunking mode measured, by the sha256 of the chunk's bytes;
 * - layers, by DiffID: tar bytes, gzip and zstd sizes of the whole tar, framing bytes (raw and
 *   zstd), and the ids of the distinct files and chunks they hold.
 * Per distinct file it also keeps the ids of its chunks in each mode (4 bytes each), so that a
 * file seen again is never chunked again. Images are lists of layers; every figure about
 * images (sharing, upgrades) is computed afterwards from these ids (see figures.ts).
 *
 * Compressed sizes are computed on worker threads (size-pool.ts) and arrive later: a slot is
 * NaN until then, bytes met in several modes are compressed once, and finish() waits for all.
 */
import { createHash, type Hash } from 'node:crypto';
import { AbortedError, BadInputError } from '../errors.js';
import { DIGEST_PREFIX, sha256Raw } from '../digest.js';
import { createChunker, PendingBytes, type Chunker, type ChunkerParams, type ChunkingMode } from '../chunker/index.js';
import type { LayerBlob } from '../ingest/index.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import { GzipStreamSize, storedOrRaw } from './sizers.js';
import { SizePool, type SizeStream } from './size-pool.js';

const COMPRESSED_LAYER_TYPES = new Set<string>([
  MEDIA_TYPES.layerGzip,
  MEDIA_TYPES.layerZstd,
  MEDIA_TYPES.dockerLayerGzip,
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

/** The size of the blob a registry serves for a layer, when that blob is compressed and its size known. */
export function originalBytes(blob: LayerBlob | undefined): number | null {
  return blob && blob.size > 0 && COMPRESSED_LAYER_TYPES.has(blob.mediaType) ? blob.size : null;
}

/**
 * One blob for a layer met under several (an OCI layout's gzip blob, a docker-archive's plain
 * tar): the smallest compressed one, whatever the order the inputs came in.
 */
function preferredBlob(a: LayerBlob | undefined, b: LayerBlob | undefined): LayerBlob | undefined {
  const x = originalBytes(a);
  const y = originalBytes(b);
  if (y === null) return x === null ? (a ?? b) : a;
  if (x === null || y < x || (y === x && b!.digest < a!.digest)) return b;
  return a;
}

/** Files up to this size are read whole before chunking, so that a file seen before costs one hash. */
export const HOLD_LIMIT = 4 * 1024 * 1024;

/** A piece of a layer as the engine takes it (ingest's LayerPiece, plus a digest the store already knows). */
export type MeasurePiece =
  | { kind: 'framing'; bytes: Uint8Array }
  | {
      kind: 'file';
      data: AsyncIterable<Uint8Array>;
      length: number;
      /** sha256:… of the content, when known before reading (a store's file recipe). */
      digest?: string;
    };

export interface LayerInput {
  /** DiffID, when known before reading: a layer measured already is not read again. */
  diffId?: string;
  /** Hash the tar and check it against `diffId` (or learn the DiffID). @default true */
  verify?: boolean;
  blob?: LayerBlob;
  what: string;
  pieces(): AsyncIterable<MeasurePiece>;
}

/** One distinct object table: a file table, or the chunks of one mode. */
export class ObjectTable {
  readonly ids = new Map<string, number>();
  readonly lengths: number[] = [];
  readonly stored: number[] = [];

  get size(): number {
    return this.lengths.length;
  }

  add(key: string, length: number, stored: number): number {
    const id = this.lengths.length;
    this.ids.set(key, id);
    this.lengths.push(length);
    this.stored.push(stored);
    return id;
  }
}

/** A growable list of 32-bit ids. */
class IdList {
  #data = new Uint32Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Uint32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = value;
  }

  slice(start: number, count: number): Uint32Array {
    return this.#data.subarray(start, start + count);
  }
}

/** A measured layer. Id arrays are sorted and distinct. */
export interface MeasuredLayer {
  diffId: string;
  blob: LayerBlob | undefined;
  tarBytes: number;
  /** null when the gzip baseline was not asked for */
  gzipBytes: number | null;
  zstdBytes: number;
  framingBytes: number;
  framingStoredBytes: number;
  /** file pieces: regular files, and framing runs ingest stores as files */
  files: number;
  fileIds: Uint32Array;
  chunkIds: Map<ChunkingMode, Uint32Array>;
}

export interface MeasuredImage {
  /** manifest digest: the image's identity, as in the store */
  manifest: string;
  names: string[];
  kind: string;
  path: string | undefined;
  layers: string[];
}

export interface MeasureOptions {
  /** Sizes for every mode (the mode field names the primary mode). */
  chunker: ChunkerParams;
  /** Chunking modes measured besides file level (`file` is always measured). */
  modes: readonly ChunkingMode[];
  zstdLevel: number;
  /** null: skip the gzip baseline (the slowest figure) */
  gzipLevel: number | null;
  /** Worker threads for compression (0: on the calling thread). */
  threads: number;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

interface ChunkMode {
  mode: ChunkingMode;
  chunker: Chunker;
  table: ObjectTable;
  /** per distinct file: where its chunk ids start in `refs`, and how many */
  fileStart: number[];
  fileCount: number[];
  refs: IdList;
}

/** The distinct files and chunks one layer holds, while it is being read. */
interface LayerSets {
  files: Set<number>;
  chunks: Set<number>[];
}

/** Whole-layer figures, fed every byte of the tar in order. */
class LayerSinks {
  readonly #gzip: GzipStreamSize | undefined;
  readonly #zstd: SizeStream;
  readonly #hash: Hash | undefined;
  readonly #onBytes: ((bytes: number) => void) | undefined;
  readonly #pool: SizePool;
  tarBytes = 0;

  constructor(options: MeasureOptions, hash: boolean, pool: SizePool) {
    this.#gzip = options.gzipLevel === null ? undefined : new GzipStreamSize(options.gzipLevel);
    this.#zstd = pool.stream(options.zstdLevel);
    this.#hash = hash ? createHash('sha256') : undefined;
    this.#onBytes = options.onBytes;
    this.#pool = pool;
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.#pool.throttle();
    this.#hash?.update(bytes);
    this.#zstd.update(bytes);
    this.tarBytes += bytes.length;
    this.#onBytes?.(bytes.length);
    await this.#gzip?.write(bytes);
  }

  /** The figures; the zstd size comes later, from a worker. */
  async end(): Promise<{ gzipBytes: number | null; zstdBytes: Promise<number>; diffId: string | undefined }> {
    const zstdBytes = this.#zstd.end();
    const gzipBytes = this.#gzip ? await this.#gzip.end() : null;
    return { gzipBytes, zstdBytes, diffId: this.#hash ? DIGEST_PREFIX + this.#hash.digest('hex') : undefined };
  }

  destroy(): void {
    this.#gzip?.destroy();
    this.#zstd.end().catch(() => undefined);
  }
}

const keyOf = (digest: Uint8Array): string => Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString('latin1');
const keyOfDigest = (digest: string): string => Buffer.from(digest.slice(DIGEST_PREFIX.length), 'hex').toString('latin1');

export class Measurer {
  readonly options: MeasureOptions;
  readonly files = new ObjectTable();
  readonly #modes: ChunkMode[];
  readonly #pool: SizePool;
  /** Keys whose stored length a worker is computing, and the table slots waiting for it. */
  readonly #pendingStored = new Map<string, [ObjectTable, number][]>();
  /** Sizes still to come back from workers; finish() waits for them. */
  readonly #settling = new Set<Promise<void>>();
  #failure: unknown;
  readonly layers = new Map<string, MeasuredLayer>();
  readonly images: MeasuredImage[] = [];
  readonly #imageIndex = new Map<string, MeasuredImage>();

  constructor(options: MeasureOptions) {
    this.options = options;
    this.#pool = new SizePool(options.threads);
    this.#modes = options.modes
      .filter((mode) => mode !== 'file')
      .map((mode) => ({
        mode,
        chunker: createChunker({ ...options.chunker, mode }),
        table: new ObjectTable(),
        fileStart: [],
        fileCount: [],
        refs: new IdList(),
      }));
  }

  /** Modes measured, `file` last. */
  get modes(): ChunkingMode[] {
    return [...this.#modes.map((m) => m.mode), 'file'];
  }

  /** The object table of a mode (`file`: the file table). */
  table(mode: ChunkingMode): ObjectTable {
    if (mode === 'file') return this.files;
    const found = this.#modes.find((m) => m.mode === mode);
    if (!found) throw new RangeError(`mode ${mode} was not measured`);
    return found.table;
  }

  /** Adds an image (its layers measured unless seen before); an image seen before gains the names. */
  async addImage(image: { manifest: string; names: string[]; kind: string; path?: string; layers: LayerInput[] }): Promise<MeasuredImage> {
    const layers: string[] = [];
    for (const layer of image.layers) layers.push((await this.measureLayer(layer)).diffId);
    const known = this.#imageIndex.get(image.manifest);
    if (known) {
      for (const name of image.names) if (!known.names.includes(name)) known.names.push(name);
      return known;
    }
    const measured: MeasuredImage = { manifest: image.manifest, names: [...image.names], kind: image.kind, path: image.path, layers };
    this.#imageIndex.set(image.manifest, measured);
    this.images.push(measured);
    return measured;
  }

  /** Measures one layer, or returns it when its DiffID was measured already. */
  async measureLayer(input: LayerInput): Promise<MeasuredLayer> {
    if (input.diffId !== undefined) {
      const known = this.layers.get(input.diffId);
      if (known) {
        known.blob = preferredBlob(known.blob, input.blob);
        return known;
      }
    }
    const verify = input.verify ?? true;
    const sinks = new LayerSinks(this.options, verify || input.diffId === undefined, this.#pool);
    const framing = this.#pool.stream(this.options.zstdLevel);
    const sets: LayerSets = { files: new Set(), chunks: this.#modes.map(() => new Set()) };
    let framingBytes = 0;
    let files = 0;
    let ended: { gzipBytes: number | null; zstdBytes: Promise<number>; diffId: string | undefined };
    try {
      for await (const piece of input.pieces()) {
        if (this.options.signal?.aborted) throw new AbortedError(this.options.signal.reason);
        if (piece.kind === 'framing') {
          await sinks.write(piece.bytes);
          framing.update(piece.bytes);
          framingBytes += piece.bytes.length;
        } else {
          await this.#measureFile(piece, sinks, sets, input.what);
          files++;
        }
      }
      ended = await sinks.end();
    } catch (error) {
      sinks.destroy();
      framing.end().catch(() => undefined);
      for (const m of this.#modes) m.chunker.reset();
      throw error;
    }
    const framingStored = framing.end();
    const diffId = ended.diffId ?? input.diffId!;
    if (input.diffId !== undefined && diffId !== input.diffId) {
      throw new BadInputError(`${input.what}: its uncompressed sha256 is ${diffId}, but the config says ${input.diffId}`, { digest: input.blob?.digest });
    }
    const known = this.layers.get(diffId);
    if (known) {
      known.blob = preferredBlob(known.blob, input.blob);
      this.#track(Promise.all([ended.zstdBytes, framingStored]).then(() => undefined));
      return known;
    }
    const sorted = (set: Set<number>) => Uint32Array.from(set).sort();
    const layer: MeasuredLayer = {
      diffId,
      blob: input.blob,
      tarBytes: sinks.tarBytes,
      gzipBytes: ended.gzipBytes,
      zstdBytes: Number.NaN,
      framingBytes,
      framingStoredBytes: Number.NaN,
      files,
      fileIds: sorted(sets.files),
      chunkIds: new Map(this.#modes.map((m, i) => [m.mode, sorted(sets.chunks[i]!)])),
    };
    this.layers.set(diffId, layer);
    this.#track(ended.zstdBytes.then((size) => {
      layer.zstdBytes = size;
    }));
    this.#track(framingStored.then((size) => {
      layer.framingStoredBytes = storedOrRaw(size, framingBytes);
    }));
    return layer;
  }

  /** Waits for every size still being computed; the figures are complete after this. Closes the workers. */
  async finish(): Promise<void> {
    try {
      while (this.#settling.size > 0) await Promise.all([...this.#settling]);
      if (this.#failure !== undefined) throw this.#failure;
    } finally {
      await this.close();
    }
  }

  /** Stops the workers (after finish, or on failure). */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  #track(promise: Promise<void>): void {
    const settled = promise.then(
      () => {
        this.#settling.delete(settled);
      },
      (error: unknown) => {
        this.#failure ??= error;
        this.#settling.delete(settled);
      },
    );
    this.#settling.add(settled);
  }

  /** Gives a table slot the stored length of `bytes`: known already, being computed, or sent to a worker now. */
  #assignStored(table: ObjectTable, id: number, key: string, bytes: Uint8Array): void {
    const waiting = this.#pendingStored.get(key);
    if (waiting) {
      waiting.push([table, id]);
      return;
    }
    for (const other of [...this.#modes.map((m) => m.table), this.files]) {
      const found = other === table ? undefined : other.ids.get(key);
      if (found !== undefined && !Number.isNaN(other.stored[found]!)) {
        table.stored[id] = other.stored[found]!;
        return;
      }
    }
    const slots: [ObjectTable, number][] = [[table, id]];
    this.#pendingStored.set(key, slots);
    this.#track(this.#pool.chunk(bytes, this.options.zstdLevel).then((size) => {
      for (const [t, i] of slots) t.stored[i] = size;
      this.#pendingStored.delete(key);
    }));
  }

  async #measureFile(piece: Extract<MeasurePiece, { kind: 'file' }>, sinks: LayerSinks, sets: LayerSets, what: string): Promise<void> {
    const knownKey = piece.digest !== undefined ? keyOfDigest(piece.digest) : undefined;
    const knownId = knownKey !== undefined ? this.files.ids.get(knownKey) : undefined;
    if (knownId !== undefined) {
      // Measured before: only the whole-layer figures need its bytes.
      for await (const bytes of piece.data) await sinks.write(bytes);
      this.#addToLayer(knownId, sets);
      return;
    }
    if (piece.length <= HOLD_LIMIT) {
      const parts: Uint8Array[] = [];
      let length = 0;
      for await (const bytes of piece.data) {
        await sinks.write(bytes);
        parts.push(bytes);
        length += bytes.length;
      }
      if (length !== piece.length) throw new BadInputError(`${what}: a file gave ${length} bytes where ${piece.length} were announced`);
      const content = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
      const key = knownKey ?? keyOf(sha256Raw(content));
      const id = this.files.ids.get(key) ?? this.#addHeldFile(key, content);
      this.#addToLayer(id, sets);
      return;
    }
    await this.#measureStreamedFile(piece, sinks, sets, what);
  }

  /** A new file held whole: its file-level size, and its chunks in every mode. */
  #addHeldFile(key: string, content: Uint8Array): number {
    const id = this.files.add(key, content.length, Number.NaN);
    this.#assignStored(this.files, id, key, content);
    for (const m of this.#modes) {
      const cuts = [...m.chunker.push(content), ...m.chunker.finish()];
      m.fileStart.push(m.refs.length);
      m.fileCount.push(cuts.length);
      let start = 0;
      for (const cut of cuts) {
        const bytes = content.subarray(start, cut.end);
        const whole = start === 0 && cut.end === content.length;
        start = cut.end;
        const chunkKey = whole ? key : keyOf(sha256Raw(bytes));
        let chunkId = m.table.ids.get(chunkKey);
        if (chunkId === undefined) {
          chunkId = m.table.add(chunkKey, bytes.length, Number.NaN);
          this.#assignStored(m.table, chunkId, chunkKey, bytes);
        }
        m.refs.push(chunkId);
      }
    }
    return id;
  }

  /** A file too large to hold: chunked in every mode as it streams. */
  async #measureStreamedFile(piece: Extract<MeasurePiece, { kind: 'file' }>, sinks: LayerSinks, sets: LayerSets, what: string): Promise<void> {
    const hash = createHash('sha256');
    const whole = this.#pool.stream(this.options.zstdLevel, piece.length);
    const pending = this.#modes.map(() => new PendingBytes());
    const ids: number[][] = this.#modes.map(() => []);
    const take = (i: number, end: number, chunkStart: number): number => {
      const m = this.#modes[i]!;
      const bytes = pending[i]!.take(end - chunkStart);
      const chunkKey = keyOf(sha256Raw(bytes));
      let chunkId = m.table.ids.get(chunkKey);
      if (chunkId === undefined) {
        chunkId = m.table.add(chunkKey, bytes.length, Number.NaN);
        this.#assignStored(m.table, chunkId, chunkKey, bytes);
      }
      ids[i]!.push(chunkId);
      return end;
    };
    const starts = this.#modes.map(() => 0);
    let length = 0;
    try {
      for await (const bytes of piece.data) {
        await sinks.write(bytes);
        hash.update(bytes);
        whole.update(bytes);
        length += bytes.length;
        for (const [i, m] of this.#modes.entries()) {
          pending[i]!.append(bytes);
          for (const cut of m.chunker.push(bytes)) starts[i] = take(i, cut.end, starts[i]!);
        }
      }
      for (const [i, m] of this.#modes.entries()) {
        for (const cut of m.chunker.finish()) starts[i] = take(i, cut.end, starts[i]!);
      }
    } finally {
      for (const [i, m] of this.#modes.entries()) {
        pending[i]!.clear();
        m.chunker.reset();
      }
    }
    const wholeSize = whole.end();
    if (length !== piece.length) {
      wholeSize.catch(() => undefined);
      throw new BadInputError(`${what}: a file gave ${length} bytes where ${piece.length} were announced`);
    }
    const key = keyOf(hash.digest());
    let id = this.files.ids.get(key);
    if (id !== undefined) this.#track(wholeSize.then(() => undefined));
    else {
      const fileId = this.files.add(key, length, Number.NaN);
      id = fileId;
      this.#track(wholeSize.then((size) => {
        this.files.stored[fileId] = storedOrRaw(size, length);
      }));
      for (const [i, m] of this.#modes.entries()) {
        m.fileStart.push(m.refs.length);
        m.fileCount.push(ids[i]!.length);
        for (const chunkId of ids[i]!) m.refs.push(chunkId);
      }
    }
    this.#addToLayer(id, sets);
  }

  #addToLayer(fileId: number, sets: LayerSets): void {
    if (sets.files.has(fileId)) return;
    sets.files.add(fileId);
    for (const [i, m] of this.#modes.entries()) {
      const start = m.fileStart[fileId]!;
      const count = m.fileCount[fileId]!;
      const set = sets.chunks[i]!;
      for (const chunkId of m.refs.slice(start, count)) set.add(chunkId);
    }
  }
}
