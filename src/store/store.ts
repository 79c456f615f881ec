/**
 * The content-addressed store: packs on disk are the truth, a LevelDB index maps digests to
 * record locations. Chunks are deduplicated by sha256; files, layers and images are recipes.
 *
 * Writes go through one pack writer at a time. Records become visible (indexed) only after
 * their pack is sealed: written, fsynced, renamed into place and its directory fsynced; then
 * the index batch is committed synchronously. A crash therefore leaves either an unsealed
 * temporary file (deleted on the next open) or a sealed pack that the next open indexes.
 * Names are records too (events and snapshots), so repair rebuilds everything from packs.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile, rename, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import {
  AbortedError, BadInputError, CairnError, CorruptDataError, IncompatibleStoreError, NotFoundError, StoreClosedError,
} from '../errors.js';
import { DIGEST_PREFIX, parseDigest, sha256Raw } from '../digest.js';
import {
  chunkerIdentity, createChunker, formatChunkerIdentity, readChunks, resolveChunkerParams, sameChunkerIdentity,
  type ChunkerIdentity, type ChunkerOptions, type ChunkerParams,
} from '../chunker/index.js';
import {
  Codec, PackWriter, RecordKind, openPackFile, parsePack, parsePackStructure, readRecordPayload, syncDirectory,
  type RecordEntry, type RecordLocation, type SealedPack,
} from '../pack/index.js';
import {
  decodeFileRecipe, decodeLayerRoot, encodeFileRecipe, encodeLayerRoot, layerFileDigests, openLayerRecipe, sealRecord, unsealRecord,
  type ChunkRef, type FileRecipe, type ImageRecord, type LayerRecipe, type LayerRecipeRoot, type NameEvent, type NameSnapshot,
} from '../recipe/index.js';
import { CompressPool } from './compress-pool.js';
import { createCompressor, createDecompressor, compressOrNull } from './compression.js';
import { decodeLocation, encodeLocation, objectKey, openIndex, type IndexDb, type PackSummary } from './index-db.js';
import { LookupBatcher } from './lookup-batcher.js';
import { packPath, storeLayout, type StoreLayout } from './layout.js';

const FORMAT = 'cairn-store';
/** Idle pack files kept open. */
const PACK_FILES = 64;
const FORMAT_VERSION = 1;
/** A pack is also sealed at this many records, which bounds the memory its index batch and unindexed entries take. */
const PACK_RECORDS = 1 << 12;

/** Options for openStore. Defaults are resolved into a new object; the caller's is not written. */
export interface StoreOptions {
  /** Chunking for a new store; an existing store keeps its own and refuses a different one. @default aligned, 16K/64K/256K */
  chunker?: ChunkerOptions;
  /** zstd level for chunks and metadata. @default 3 */
  zstdLevel?: number;
  /** A pack is sealed once it reaches this many bytes. @default 16 MiB */
  packSize?: number;
  /** Worker threads compressing chunks (0: compress on the calling thread). @default min(2, cores) */
  compressionThreads?: number;
  /** Progress events, for a progress bar; the store never prints. */
  onProgress?: (event: ProgressEvent) => void;
  /** Create the store if the directory has none. @default true */
  create?: boolean;
}

export type ProgressEvent =
  | { type: 'ingest:bytes'; bytes: number }
  | { type: 'verify:pack'; done: number; total: number }
  | { type: 'gc:pack'; done: number; total: number }
  | { type: 'repair:pack'; done: number; total: number };

/** What one stored file cost. */
export interface PutFileResult {
  digest: string;
  size: number;
  chunks: number;
  newChunks: number;
  /** bytes of new chunk records (compressed as stored, headers included) */
  storedBytes: number;
}

export interface VerifyProblem {
  code: 'pack-checksum' | 'pack-corrupt' | 'pack-missing' | 'pack-unindexed' | 'index-dangling' | 'index-mismatch'
    | 'missing-object' | 'record-corrupt' | 'store-file';
  message: string;
  pack?: string;
  digest?: string;
}

export interface VerifyReport {
  ok: boolean;
  packs: number;
  records: number;
  indexEntries: number;
  names: number;
  problems: VerifyProblem[];
}

export interface GcReport {
  packsBefore: number;
  packsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

export interface RepairReport {
  packs: number;
  records: number;
  names: number;
  damagedPacks: string[];
}

export interface StoreStats {
  packs: number;
  packBytes: number;
  objects: Record<string, number>;
}

export interface IngestCommit {
  /** bytes of sealed packs this session wrote (metadata included) */
  storedBytes: number;
  packs: number;
}

interface ResolvedStoreOptions {
  zstdLevel: number;
  packSize: number;
  compressionThreads: number | undefined;
  onProgress: ((e: ProgressEvent) => void) | undefined;
}

const KIND_NAMES: Record<RecordKind, string> = {
  [RecordKind.Chunk]: 'chunk',
  [RecordKind.FileRecipe]: 'file recipe',
  [RecordKind.LayerRecipe]: 'layer recipe',
  [RecordKind.Blob]: 'blob',
  [RecordKind.Image]: 'image',
  [RecordKind.NameEvent]: 'name event',
  [RecordKind.NameSnapshot]: 'name snapshot',
  [RecordKind.LayerPart]: 'layer recipe part',
};

const hexOf = (digest: string): string => (digest.startsWith(DIGEST_PREFIX) ? digest.slice(DIGEST_PREFIX.length) : digest);
const sha256Hex = (data: Uint8Array): string => sha256Raw(data).toString('hex');

interface StoreFile {
  format: string;
  version: number;
  chunker: ChunkerIdentity;
  chunkerParams: Omit<ChunkerParams, 'seed'> & { seed: string };
  created: string;
}

/**
 * Opens a store (creating it when the directory has none). Only one process may have a store
 * open: a second one gets StoreLockedError (the index's LevelDB lock, released on exit).
 */
export async function openStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const layout = storeLayout(dir);
  const resolved = {
    zstdLevel: options.zstdLevel ?? 3,
    packSize: options.packSize ?? 16 * 1024 * 1024,
    compressionThreads: options.compressionThreads,
    onProgress: options.onProgress,
  };
  if (!Number.isInteger(resolved.zstdLevel) || resolved.zstdLevel < -7 || resolved.zstdLevel > 22) {
    throw new RangeError(`zstdLevel must be an integer between -7 and 22, got ${resolved.zstdLevel}`);
  }
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new BadInputError(`store path is not a directory: ${dir}`, { path: dir });
  let storeFile = await readStoreFile(layout);
  if (!storeFile) {
    if (options.create === false) throw new NotFoundError(`no cairn store at ${dir}`, { path: dir });
    if (info && (await readdir(dir)).some((n) => n !== 'index' && n !== 'packs' && n !== 'tmp')) {
      throw new BadInputError(`not a cairn store and not empty: ${dir}`, { path: dir });
    }
    const params = resolveChunkerParams(options.chunker);
    storeFile = {
      format: FORMAT,
      version: FORMAT_VERSION,
      chunker: chunkerIdentity(params),
      chunkerParams: { ...params, seed: params.seed.toString() },
      created: new Date().toISOString(),
    };
  } else if (options.chunker) {
    const wanted = chunkerIdentity(resolveChunkerParams(options.chunker));
    if (!sameChunkerIdentity(wanted, storeFile.chunker)) {
      throw new IncompatibleStoreError(
        `store ${dir} cuts chunks with ${formatChunkerIdentity(storeFile.chunker)}; refusing ${formatChunkerIdentity(wanted)}`,
        { path: dir },
      );
    }
  }
  await mkdir(layout.packs, { recursive: true });
  await mkdir(layout.tmp, { recursive: true });
  const db = await openIndex(layout.index, dir);
  try {
    if (!(await readStoreFile(layout))) await writeStoreFile(layout, storeFile);
    const store = new Store(layout, db, storeFile, resolved);
    await store.reconcile();
    return store;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

async function readStoreFile(layout: StoreLayout): Promise<StoreFile | undefined> {
  let text: string;
  try {
    text = await readFile(layout.storeFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: StoreFile;
  try {
    parsed = JSON.parse(text) as StoreFile;
  } catch (cause) {
    throw new CorruptDataError(`${layout.storeFile} is not valid JSON`, { path: layout.storeFile, cause });
  }
  if (parsed.format !== FORMAT || parsed.version !== FORMAT_VERSION || !parsed.chunker) {
    throw new IncompatibleStoreError(`${layout.storeFile}: not a cairn store of version ${FORMAT_VERSION}`, { path: layout.storeFile });
  }
  return parsed;
}

async function writeStoreFile(layout: StoreLayout, file: StoreFile): Promise<void> {
  const tmp = join(layout.tmp, 'store.json.tmp');
  await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { flush: true });
  await rename(tmp, layout.storeFile);
  await syncDirectory(layout.root);
}

/** A handle on an open store. See openStore. */
export class Store {
  readonly dir: string;
  readonly #layout: StoreLayout;
  readonly #db: IndexDb;
  readonly #file: StoreFile;
  readonly #options: ResolvedStoreOptions;
  #closed = false;
  #pool: CompressPool | undefined;
  #metaCompressor = createCompressor(3);
  #decompressor = createDecompressor();
  /** Open pack files: one handle per pack (the promise, so concurrent reads share one open), and how many reads use it. */
  #files = new Map<string, { handle: Promise<FileHandle>; users: number }>();
  // Writing state: the open pack, the objects it holds (not yet indexed), the next sequence.
  #writer: PackWriter | undefined;
  #unindexed = new Map<string, RecordLocation>();
  #pendingNames: NameEvent[] = [];
  #sequence = 0;
  #sealedBytes = 0;
  #sealedPacks = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #inFlight: Promise<void>[] = [];
  #pendingChunks = new Set<string>();
  #chunkers: ReturnType<typeof createChunker>[] = [];
  #failed: unknown;
  /** Lookups of chunks and file recipes being stored, coalesced across the files stored at once. */
  #lookups: LookupBatcher;

  /** @internal use openStore */
  constructor(layout: StoreLayout, db: IndexDb, file: StoreFile, options: ResolvedStoreOptions) {
    this.dir = layout.root;
    this.#layout = layout;
    this.#db = db;
    this.#file = file;
    this.#options = options;
    this.#metaCompressor = createCompressor(options.zstdLevel);
    this.#lookups = new LookupBatcher(db);
  }

  /** The chunker this store cuts with. */
  get chunkerIdentity(): ChunkerIdentity {
    return this.#file.chunker;
  }

  get chunkerParams(): ChunkerParams {
    const p = this.#file.chunkerParams;
    return resolveChunkerParams({ ...p, seed: BigInt(p.seed) });
  }

  #check(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  // ---------------------------------------------------------------- opening and reconciling

  /** @internal Brings the index in line with the packs after a crash (see the module comment). */
  async reconcile(): Promise<void> {
    for (const name of await readdir(this.#layout.tmp)) await rm(join(this.#layout.tmp, name), { force: true, recursive: true });
    const onDisk = await this.#listPackFiles();
    const indexed = new Map<string, PackSummary>();
    for await (const [key, value] of this.#db.iterator({ gte: 'p:', lt: 'p;' })) {
      indexed.set(key.slice(2), JSON.parse(Buffer.from(value).toString('utf8')) as PackSummary);
    }
    const seq = await this.#db.get('m:sequence');
    this.#sequence = seq ? Number(Buffer.from(seq).toString('utf8')) : 0;
    // Sealed packs the index never heard of: a crash between seal and index commit.
    const unindexed = [...onDisk.keys()].filter((id) => !indexed.has(id));
    const parsed = [];
    for (const id of unindexed) {
      try {
        parsed.push(parsePack(await readFile(onDisk.get(id)!), id));
      } catch {
        // A damaged pack is verify's and repair's business; it is not indexed.
      }
    }
    parsed.sort((a, b) => a.sequence - b.sequence);
    for (const pack of parsed) await this.#indexRecords(pack.id, pack.sequence, pack.bytes.length, pack.records);
    // Index entries whose pack is gone: a crash in gc between deleting packs and the index.
    const missing = [...indexed.keys()].filter((id) => !onDisk.has(id));
    if (missing.length > 0) await this.#dropPacksFromIndex(new Set(missing));
  }

  async #listPackFiles(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const sub of await readdir(this.#layout.packs).catch(() => [] as string[])) {
      const dir = join(this.#layout.packs, sub);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const m = /^([0-9a-f]{64})\.pack$/.exec(name);
        if (m) found.set(m[1]!, join(dir, name));
      }
    }
    return found;
  }

  async #dropPacksFromIndex(packs: Set<string>): Promise<number> {
    const ops: { type: 'del'; key: string }[] = [];
    for await (const [key, value] of this.#db.iterator({ gte: 'o:', lt: 'o;' })) {
      if (packs.has(decodeLocation(value).pack)) ops.push({ type: 'del', key });
    }
    for (const id of packs) ops.push({ type: 'del', key: `p:${id}` });
    await this.#db.batch(ops, { sync: true });
    return ops.length - packs.size;
  }

  /** Indexes a sealed pack's records (and replays its name records) in one synchronous batch. */
  async #indexRecords(id: string, sequence: number, bytes: number, records: readonly RecordEntry[], payloads?: Map<number, Uint8Array>): Promise<void> {
    const ops: ({ type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string })[] = [];
    for (const r of records) {
      const location: RecordLocation = { ...r, pack: id };
      if (r.kind === RecordKind.NameEvent || r.kind === RecordKind.NameSnapshot) {
        const payload = payloads?.get(r.offset) ?? (await this.#readRecord(location, r.digest));
        ops.push(...(await this.#nameOps(r.kind, payload)));
      }
      ops.push({ type: 'put', key: objectKey(r.kind, r.digest), value: encodeLocation(location) });
    }
    const summary: PackSummary = { sequence, bytes, records: records.length };
    ops.push({ type: 'put', key: `p:${id}`, value: Buffer.from(JSON.stringify(summary)) });
    this.#sequence = Math.max(this.#sequence, sequence);
    ops.push({ type: 'put', key: 'm:sequence', value: Buffer.from(String(this.#sequence)) });
    await this.#db.batch(ops, { sync: true });
  }

  async #nameOps(kind: RecordKind, payload: Uint8Array) {
    const ops: ({ type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string })[] = [];
    const json = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (kind === RecordKind.NameSnapshot) {
      const snapshot = json as NameSnapshot;
      for await (const key of this.#db.keys({ gte: 'n:', lt: 'n;' })) {
        if (!(key.slice(2) in snapshot.names)) ops.push({ type: 'del', key });
      }
      for (const [name, image] of Object.entries(snapshot.names)) ops.push({ type: 'put', key: `n:${name}`, value: Buffer.from(image) });
    } else {
      const event = json as NameEvent;
      if (event.image) ops.push({ type: 'put', key: `n:${event.name}`, value: Buffer.from(event.image) });
      else ops.push({ type: 'del', key: `n:${event.name}` });
    }
    return ops;
  }

  // ---------------------------------------------------------------- reading

  async #location(kind: RecordKind, hex: string): Promise<RecordLocation | undefined> {
    const pending = this.#unindexed.get(objectKey(kind, hex));
    if (pending) return pending;
    const value = await this.#db.get(objectKey(kind, hex));
    return value ? decodeLocation(value) : undefined;
  }

  /**
   * Runs `work` with the pack's open file. Handles are cached (at most PACK_FILES idle ones);
   * a handle is closed only when no read is using it.
   */
  async #withPackFile<T>(id: string, work: (file: FileHandle) => Promise<T>): Promise<T> {
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

  async #closePackFile(id: string): Promise<void> {
    const entry = this.#files.get(id);
    this.#files.delete(id);
    await entry?.handle.then((h) => h.close()).catch(() => undefined);
  }

  /** Reads and decodes one record's bytes (decompressed). */
  async #readRecord(location: RecordLocation, hex: string): Promise<Buffer> {
    if (location.pack === '') throw new Error('record is in the open pack');
    const payload = await this.#withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
    if (location.codec === Codec.Raw) return payload;
    try {
      const out = this.#decompressor.decompress(payload);
      if (out.length !== location.uncompressedLength) throw new Error(`length ${out.length}, expected ${location.uncompressedLength}`);
      return out;
    } catch (cause) {
      throw new CorruptDataError(`${KIND_NAMES[location.kind]} sha256:${hex} in pack ${location.pack} does not decompress`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset, cause,
      });
    }
  }

  /** Reads an object and checks its digest. */
  async #getVerified(kind: RecordKind, hex: string): Promise<Buffer> {
    await this.#flushIfPending(kind, hex);
    const location = await this.#location(kind, hex);
    if (!location) throw new NotFoundError(`no ${KIND_NAMES[kind]} sha256:${hex} in the store`, { digest: DIGEST_PREFIX + hex });
    const bytes = await this.#readRecord(location, hex);
    if (sha256Hex(bytes) !== hex) {
      throw new CorruptDataError(`${KIND_NAMES[kind]} sha256:${hex} in pack ${location.pack} is corrupt (digest mismatch)`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset,
      });
    }
    return bytes;
  }

  /** Objects in the open pack cannot be read until it is sealed: seal it first. */
  async #flushIfPending(kind: RecordKind, hex: string): Promise<void> {
    if (this.#unindexed.has(objectKey(kind, hex))) await this.commit();
  }

  /** The recipe of a stored file. */
  async getFileRecipe(digest: string): Promise<FileRecipe> {
    this.#check();
    return decodeFileRecipe(await this.#getKeyed(RecordKind.FileRecipe, hexOf(parseDigest(digest))));
  }

  async hasFile(digest: string): Promise<boolean> {
    this.#check();
    return (await this.#location(RecordKind.FileRecipe, hexOf(parseDigest(digest)))) !== undefined;
  }

  async hasChunk(digest: string): Promise<boolean> {
    this.#check();
    return (await this.#location(RecordKind.Chunk, hexOf(parseDigest(digest)))) !== undefined;
  }

  /** Size and chunk count of a stored file. */
  async stat(digest: string): Promise<{ digest: string; size: number; chunks: number }> {
    const recipe = await this.getFileRecipe(digest);
    return { digest: parseDigest(digest), size: recipe.size, chunks: recipe.chunks.length };
  }

  /** Reads a chunk's bytes, checking its digest (a mismatch names the chunk and its pack). */
  async readChunk(hex: string): Promise<Buffer> {
    return this.#getVerified(RecordKind.Chunk, hex);
  }

  /**
   * A stored file's content, chunk by chunk, as it is pulled. Every chunk is checked against
   * its digest; a corrupt chunk fails with CorruptDataError naming the chunk and the pack.
   */
  async *readFile(digest: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    this.#check();
    const hex = hexOf(parseDigest(digest));
    const recipe = await this.getFileRecipe(hex);
    for (const ref of recipe.chunks) {
      if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
      this.#check();
      yield await this.readChunk(ref.digest);
    }
  }

  /** Several chunks at once, unchecked: one index lookup for all, reads in parallel. */
  async readChunksUnchecked(hexes: readonly string[]): Promise<Buffer[]> {
    if (hexes.some((hex) => this.#unindexed.has(objectKey(RecordKind.Chunk, hex)))) await this.commit();
    const values = await this.#db.getMany(hexes.map((hex) => objectKey(RecordKind.Chunk, hex)));
    return Promise.all(hexes.map((hex, i) => {
      const value = values[i];
      if (!value) throw new NotFoundError(`chunk sha256:${hex} is missing from the store`, { digest: DIGEST_PREFIX + hex });
      return this.#readRecord(decodeLocation(value), hex);
    }));
  }

  // ---------------------------------------------------------------- writing

  #pool_(): CompressPool {
    this.#pool ??= new CompressPool(this.#options.zstdLevel, this.#options.compressionThreads);
    return this.#pool;
  }

  /** Runs writes one at a time, in order. A failed write fails the writer for good. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      if (this.#failed) throw new CairnError('CAIRN_IO', 'an earlier write to this store failed', { cause: this.#failed });
      try {
        return await work();
      } catch (error) {
        this.#failed = error;
        throw error;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #appendRecord(kind: RecordKind, hex: string, uncompressedLength: number, codec: Codec, payload: Uint8Array): Promise<number> {
    const key = objectKey(kind, hex);
    if (this.#unindexed.has(key) && kind !== RecordKind.NameEvent && kind !== RecordKind.NameSnapshot) return 0;
    if (!this.#writer) {
      this.#sequence += 1;
      const tmp = join(this.#layout.tmp, `${process.pid}-${Date.now()}-${this.#sequence}.pack.tmp`);
      this.#writer = await PackWriter.create(tmp, (id) => packPath(this.#layout, id), this.#sequence);
    }
    const offset = await this.#writer.append(kind, codec, hex, uncompressedLength, payload);
    this.#unindexed.set(key, { pack: '', offset, kind, codec, uncompressedLength, storedLength: payload.length });
    const full = this.#writer.length >= this.#options.packSize || this.#writer.recordCount >= PACK_RECORDS;
    if (full && kind === RecordKind.Chunk) await this.#seal();
    return payload.length + 44;
  }

  async #seal(): Promise<void> {
    const writer = this.#writer;
    if (!writer) return;
    this.#writer = undefined;
    if (writer.recordCount === 0) {
      await writer.abandon();
      return;
    }
    const sealed: SealedPack = await writer.seal();
    await this.#indexRecords(sealed.id, sealed.sequence, sealed.bytes, sealed.records, this.#namePayloads);
    this.#namePayloads.clear();
    for (const r of sealed.records) this.#unindexed.delete(objectKey(r.kind, r.digest));
    this.#sealedBytes += sealed.bytes;
    this.#sealedPacks += 1;
  }

  #namePayloads = new Map<number, Uint8Array>();

  /** Stores a metadata object (compressed inline); returns its hex digest. */
  async #putMeta(kind: RecordKind, bytes: Uint8Array, hex = sha256Hex(bytes)): Promise<string> {
    await this.#serial(async () => {
      if (kind !== RecordKind.NameEvent && kind !== RecordKind.NameSnapshot && (await this.#location(kind, hex))) return;
      const compressed = bytes.length > 64 ? compressOrNull(this.#metaCompressor, bytes) : null;
      const offset = this.#writer?.length ?? 24;
      await this.#appendRecord(kind, hex, bytes.length, compressed ? Codec.Zstd : Codec.Raw, compressed ?? bytes);
      if (kind === RecordKind.NameEvent || kind === RecordKind.NameSnapshot) this.#namePayloads.set(offset, bytes);
    });
    return hex;
  }

  /**
   * Chunks, deduplicates and stores one file's content. The records are durable and visible
   * after commit() (putFile commits; the ingest of a tree commits once at the end).
   */
  async putFileUncommitted(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: { signal?: AbortSignal } = {}): Promise<PutFileResult> {
    this.#check();
    const fileHash = createHash('sha256');
    const refs: ChunkRef[] = [];
    // storedBytes grows as this file's new chunks are compressed and appended; drain() settles it.
    const result: PutFileResult = { digest: '', size: 0, chunks: 0, newChunks: 0, storedBytes: 0 };
    const pool = this.#pool_();
    const chunker = this.#chunkers.pop() ?? createChunker(this.chunkerParams);
    // Chunks are looked up in the index in batches (one getMany per batch, not one get each).
    let batch: { hex: string; bytes: Uint8Array }[] = [];
    // `extraKey` rides along in the same lookup (the file recipe's key, once the digest is known).
    const flush = async (extraKey?: string): Promise<boolean> => {
      const candidates = batch.filter((c) => !this.#pendingChunks.has(c.hex) && !this.#unindexed.has(objectKey(RecordKind.Chunk, c.hex)));
      batch = [];
      const extraPending = extraKey !== undefined && this.#unindexed.has(extraKey);
      if (candidates.length === 0 && (extraKey === undefined || extraPending)) return extraPending;
      const keys = candidates.map((c) => objectKey(RecordKind.Chunk, c.hex));
      if (extraKey !== undefined && !extraPending) keys.push(extraKey);
      const found = await this.#lookups.getMany(keys);
      for (const [i, c] of candidates.entries()) {
        if (found[i] !== undefined || this.#pendingChunks.has(c.hex)) continue;
        this.#pendingChunks.add(c.hex);
        result.newChunks++;
        const length = c.bytes.length;
        // The one copy of a new chunk (its bytes may be a view of an input buffer); the pool takes it over.
        const stored = pool.compress(Uint8Array.from(c.bytes)).then((compressed) =>
          this.#serial(async () => {
            result.storedBytes += await this.#appendRecord(RecordKind.Chunk, c.hex, length, compressed.zstd ? Codec.Zstd : Codec.Raw, compressed.bytes);
            this.#pendingChunks.delete(c.hex);
          }),
        );
        stored.catch(() => undefined); // awaited by drain(); this only keeps a failure from going unhandled meanwhile
        this.#inFlight.push(stored);
        if (this.#inFlight.length >= 32) await this.#inFlight.shift();
      }
      return extraPending || (extraKey !== undefined && found[keys.length - 1] !== undefined);
    };
    try {
      for await (const chunk of readChunks(source, chunker)) {
        if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
        fileHash.update(chunk.bytes);
        const hex = sha256Hex(chunk.bytes);
        refs.push({ digest: hex, length: chunk.length });
        result.size += chunk.length;
        this.#options.onProgress?.({ type: 'ingest:bytes', bytes: chunk.length });
        batch.push({ hex, bytes: chunk.bytes });
        if (batch.length >= 64) await flush();
      }
    } finally {
      this.#chunkers.push(chunker);
    }
    const digest = fileHash.digest('hex');
    result.digest = DIGEST_PREFIX + digest;
    result.chunks = refs.length;
    const recipeStored = await flush(objectKey(RecordKind.FileRecipe, digest));
    if (!recipeStored) {
      const recipe = encodeFileRecipe({ size: result.size, chunks: refs });
      await this.#putKeyed(RecordKind.FileRecipe, digest, recipe, true);
      result.storedBytes += recipe.length + 32 + 44;
    }
    return result;
  }

  /** Waits until every chunk handed to the compressors has been appended to a pack. */
  async drain(): Promise<void> {
    while (this.#inFlight.length > 0) await Promise.all(this.#inFlight.splice(0));
  }

  /** Stores one file (a stream or a path) and commits. */
  async putFile(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | string, options: { signal?: AbortSignal } = {}): Promise<PutFileResult> {
    const stream = typeof source === 'string' ? openFileStream(source) : source;
    const result = await this.putFileUncommitted(stream, options);
    await this.commit();
    return result;
  }

  /** Stores a blob (manifest, index or config bytes, verbatim); returns sha256:… */
  async putBlob(bytes: Uint8Array): Promise<string> {
    this.#check();
    return DIGEST_PREFIX + (await this.#putMeta(RecordKind.Blob, bytes));
  }

  async getBlob(digest: string): Promise<Buffer> {
    this.#check();
    return this.#getVerified(RecordKind.Blob, hexOf(parseDigest(digest)));
  }

  async hasBlob(digest: string): Promise<boolean> {
    this.#check();
    return (await this.#location(RecordKind.Blob, hexOf(parseDigest(digest)))) !== undefined;
  }

  /** Stores a layer recipe's root under its DiffID (the caller has computed and checked it, and stored its parts). */
  async putLayerRecipe(diffId: string, root: Pick<LayerRecipeRoot, 'parts'>): Promise<void> {
    this.#check();
    const bytes = encodeLayerRoot(root);
    // Identity is the DiffID, not the encoding's digest: the record digest field holds the DiffID.
    await this.#putKeyed(RecordKind.LayerRecipe, hexOf(parseDigest(diffId)), bytes);
  }

  /** Stores one encoded part of a layer recipe (uncommitted); returns its hex digest. */
  async putLayerPart(bytes: Uint8Array): Promise<string> {
    this.#check();
    return this.#putMeta(RecordKind.LayerPart, bytes);
  }

  /** A layer recipe: its root is read now, its parts as its segments are iterated. */
  async getLayerRecipe(diffId: string): Promise<LayerRecipe> {
    this.#check();
    const hex = hexOf(parseDigest(diffId, 'DiffID'));
    const root = decodeLayerRoot(await this.#getKeyed(RecordKind.LayerRecipe, hex));
    return openLayerRecipe(root, (part) => this.#getVerified(RecordKind.LayerPart, part));
  }

  async hasLayer(diffId: string): Promise<boolean> {
    this.#check();
    return (await this.#location(RecordKind.LayerRecipe, hexOf(parseDigest(diffId, 'DiffID')))) !== undefined;
  }

  /** Stores an image record under its manifest digest. */
  async putImage(record: ImageRecord): Promise<void> {
    this.#check();
    await this.#putKeyed(RecordKind.Image, hexOf(record.manifest), Buffer.from(JSON.stringify(record)));
  }

  async getImage(manifestDigest: string): Promise<ImageRecord> {
    this.#check();
    const bytes = await this.#getKeyed(RecordKind.Image, hexOf(parseDigest(manifestDigest)));
    return JSON.parse(bytes.toString('utf8')) as ImageRecord;
  }

  /**
   * Objects whose identity is not the sha256 of their own encoding (file recipes: the file's
   * content digest; layer recipes: the DiffID; images: the manifest digest). Their records carry a trailing 32-byte sha256 of the
   * encoding, so that reads and verify --deep still check every byte.
   */
  async #putKeyed(kind: RecordKind, hex: string, bytes: Uint8Array, checked = false): Promise<void> {
    const sealed = sealRecord(bytes);
    await this.#serial(async () => {
      if (checked ? this.#unindexed.has(objectKey(kind, hex)) : await this.#location(kind, hex)) return;
      // File recipes are mostly digests, which do not compress: they are stored raw.
      const compressed = kind === RecordKind.FileRecipe ? null : compressOrNull(this.#metaCompressor, sealed);
      await this.#appendRecord(kind, hex, sealed.length, compressed ? Codec.Zstd : Codec.Raw, compressed ?? sealed);
    });
  }

  async #getKeyed(kind: RecordKind, hex: string): Promise<Buffer> {
    await this.#flushIfPending(kind, hex);
    const location = await this.#location(kind, hex);
    if (!location) throw new NotFoundError(`no ${KIND_NAMES[kind]} sha256:${hex} in the store`, { digest: DIGEST_PREFIX + hex });
    const body = unsealRecord(await this.#readRecord(location, hex));
    if (!body) {
      throw new CorruptDataError(`${KIND_NAMES[kind]} sha256:${hex} in pack ${location.pack} is corrupt (checksum mismatch)`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset,
      });
    }
    return body;
  }

  /** Points names at an image; written with the next commit. */
  async setNames(names: readonly string[], manifestDigest: string): Promise<void> {
    this.#check();
    for (const name of names) {
      const event: NameEvent = { name, image: parseDigest(manifestDigest) };
      const bytes = Buffer.from(JSON.stringify(event));
      await this.#putMeta(RecordKind.NameEvent, bytes);
    }
  }

  /** Seals the open pack and indexes it: everything written so far becomes durable and visible. */
  async commit(): Promise<IngestCommit> {
    this.#check();
    await this.drain();
    await this.#serial(() => this.#seal());
    const result = { storedBytes: this.#sealedBytes, packs: this.#sealedPacks };
    this.#sealedBytes = 0;
    this.#sealedPacks = 0;
    return result;
  }

  /** Drops everything written since the last commit (a failed ingest). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.#inFlight.splice(0));
    this.#pendingChunks.clear();
    const writer = this.#writer;
    this.#writer = undefined;
    this.#unindexed.clear();
    this.#namePayloads.clear();
    this.#failed = undefined;
    this.#queue = Promise.resolve();
    await writer?.abandon();
  }

  // ---------------------------------------------------------------- names and listing

  /** Every name and the image it points at. */
  async listNames(): Promise<{ name: string; image: string }[]> {
    this.#check();
    const out = [];
    for await (const [key, value] of this.#db.iterator({ gte: 'n:', lt: 'n;' })) out.push({ name: key.slice(2), image: Buffer.from(value).toString('utf8') });
    return out;
  }

  /** Manifest digests of every image stored. */
  async listImageDigests(): Promise<string[]> {
    return this.#listDigests(RecordKind.Image);
  }

  /** DiffIDs of every layer stored. */
  async listLayerDiffIds(): Promise<string[]> {
    return this.#listDigests(RecordKind.LayerRecipe);
  }

  async #listDigests(kind: RecordKind): Promise<string[]> {
    this.#check();
    const out = [];
    const prefix = `o:${kind}:`;
    for await (const key of this.#db.keys({ gte: prefix, lt: `o:${kind};` })) out.push(DIGEST_PREFIX + key.slice(prefix.length));
    return out;
  }

  /** Resolves a name, a digest, or a unique digest prefix to a manifest digest. */
  async resolveImage(ref: string): Promise<string> {
    this.#check();
    const named = await this.#db.get(`n:${ref}`);
    if (named) return Buffer.from(named).toString('utf8');
    const hex = ref.toLowerCase().replace(/^sha256:/, '');
    if (/^[0-9a-f]{1,64}$/.test(hex) && hex.length >= 4) {
      const prefix = `o:${RecordKind.Image}:${hex}`;
      const found: string[] = [];
      for await (const key of this.#db.keys({ gte: prefix, lt: prefix + 'g', limit: 2 })) found.push(key.slice(`o:${RecordKind.Image}:`.length));
      if (found.length === 1) return DIGEST_PREFIX + found[0];
      if (found.length > 1) throw new BadInputError(`ambiguous image reference ${ref}: several images match`);
    }
    throw new NotFoundError(`no image named ${ref}`, { path: ref });
  }

  /** Removes names (not the data: gc reclaims what nothing names). Returns the names removed. */
  async removeNames(names: readonly string[]): Promise<string[]> {
    this.#check();
    const removed: string[] = [];
    for (const name of names) {
      if (!(await this.#db.get(`n:${name}`))) throw new NotFoundError(`no image named ${name}`, { path: name });
    }
    for (const name of names) {
      const event: NameEvent = { name, image: null };
      await this.#putMeta(RecordKind.NameEvent, Buffer.from(JSON.stringify(event)));
      removed.push(name);
    }
    await this.commit();
    return removed;
  }

  /** Counts of objects by kind and the bytes of packs on disk. */
  async stats(): Promise<StoreStats> {
    this.#check();
    let packs = 0;
    let packBytes = 0;
    for await (const value of this.#db.values({ gte: 'p:', lt: 'p;' })) {
      packs++;
      packBytes += (JSON.parse(Buffer.from(value).toString('utf8')) as PackSummary).bytes;
    }
    const objects: Record<string, number> = {};
    for await (const key of this.#db.keys({ gte: 'o:', lt: 'o;' })) {
      const kind = KIND_NAMES[Number(key.split(':')[1]) as RecordKind] ?? 'unknown';
      objects[kind] = (objects[kind] ?? 0) + 1;
    }
    return { packs, packBytes, objects };
  }

  // ---------------------------------------------------------------- verify, gc, repair

  /** Live objects: everything reachable from names (used by verify and gc). */
  async #reachable(problems?: VerifyProblem[]): Promise<Set<string>> {
    const live = new Set<string>();
    const missing = (kind: RecordKind, hex: string, from: string) => {
      problems?.push({ code: 'missing-object', message: `${KIND_NAMES[kind]} sha256:${hex} (referenced by ${from}) is missing`, digest: DIGEST_PREFIX + hex });
    };
    const visit = async (kind: RecordKind, hex: string, from: string): Promise<boolean> => {
      const key = objectKey(kind, hex);
      if (live.has(key)) return false;
      if (!(await this.#location(kind, hex))) {
        missing(kind, hex, from);
        return false;
      }
      live.add(key);
      return true;
    };
    const images = new Set<string>();
    for (const { name, image } of await this.listNames()) images.add(`${hexOf(image)}\u0000${name}`);
    const files = new Set<string>();
    for (const entry of images) {
      const [hex, name] = entry.split('\u0000') as [string, string];
      if (!(await visit(RecordKind.Image, hex, `name ${name}`))) continue;
      let record: ImageRecord;
      try {
        record = await this.getImage(hex);
      } catch (error) {
        problems?.push({ code: 'record-corrupt', message: (error as Error).message, digest: DIGEST_PREFIX + hex });
        continue;
      }
      await visit(RecordKind.Blob, hexOf(record.manifest), `image ${hex}`);
      for (const index of record.indexes ?? []) await visit(RecordKind.Blob, hexOf(index), `image ${hex}`);
      await visit(RecordKind.Blob, hexOf(record.config), `image ${hex}`);
      for (const layer of record.layers) {
        const diff = hexOf(layer.diffId);
        if (!(await visit(RecordKind.LayerRecipe, diff, `image ${hex}`))) continue;
        const readPart = async (part: string) => {
          if (!(await visit(RecordKind.LayerPart, part, `layer sha256:${diff}`))) return undefined;
          return this.#getVerified(RecordKind.LayerPart, part).catch((error: Error) => void problems?.push({ code: 'record-corrupt', message: error.message, digest: DIGEST_PREFIX + part }));
        };
        try {
          const root = decodeLayerRoot(await this.#getKeyed(RecordKind.LayerRecipe, diff));
          for await (const file of layerFileDigests(root, readPart)) files.add(file);
        } catch (error) {
          problems?.push({ code: 'record-corrupt', message: (error as Error).message, digest: DIGEST_PREFIX + diff });
        }
      }
    }
    for (const hex of files) {
      if (!(await visit(RecordKind.FileRecipe, hex, 'a layer recipe'))) continue;
      let recipe: FileRecipe;
      try {
        recipe = await this.getFileRecipe(hex);
      } catch (error) {
        problems?.push({ code: 'record-corrupt', message: (error as Error).message, digest: DIGEST_PREFIX + hex });
        continue;
      }
      for (const c of recipe.chunks) await visit(RecordKind.Chunk, c.digest, `file sha256:${hex}`);
    }
    return live;
  }

  /**
   * Reads every pack whole and checks its checksum and structure, reads the whole index and
   * checks that every entry points at a matching record, and checks every reference from names
   * down to chunks. `deep` also decompresses and re-hashes every record.
   */
  async verify(options: { deep?: boolean; signal?: AbortSignal } = {}): Promise<VerifyReport> {
    this.#check();
    await this.commit();
    const problems: VerifyProblem[] = [];
    const onDisk = await this.#listPackFiles();
    const records = new Map<string, RecordEntry>(); // objectKey -> record in a good pack
    let recordCount = 0;
    let done = 0;
    for (const [id, path] of onDisk) {
      if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
      this.#options.onProgress?.({ type: 'verify:pack', done: done++, total: onDisk.size });
      let parsed;
      try {
        parsed = parsePack(await readFile(path), id);
      } catch (error) {
        problems.push({ code: error instanceof CorruptDataError && /checksum/.test(error.message) ? 'pack-checksum' : 'pack-corrupt', message: (error as Error).message, pack: id });
        // Name what the damage hits: the records of the pack, as far as they parse.
        try {
          const salvage = parsePackStructure(await readFile(path), id);
          for (const r of salvage.records) {
            if (r.kind === RecordKind.Chunk) {
              const bytes = r.codec === Codec.Raw ? r.payload : safeDecompress(this.#decompressor, r.payload);
              if (!bytes || sha256Hex(bytes) !== r.digest) {
                problems.push({ code: 'record-corrupt', message: `${KIND_NAMES[r.kind]} sha256:${r.digest} in pack ${id} at offset ${r.offset} is corrupt`, pack: id, digest: DIGEST_PREFIX + r.digest });
              }
            }
          }
        } catch {
          // structure too damaged to name records; the pack problem above stands
        }
        continue;
      }
      for (const r of parsed.records) {
        recordCount++;
        records.set(objectKey(r.kind, r.digest), r);
        if (options.deep) {
          const bytes = r.codec === Codec.Raw ? r.payload : safeDecompress(this.#decompressor, r.payload);
          let ok = bytes !== undefined && bytes.length === r.uncompressedLength;
          if (ok && bytes) {
            if (r.kind === RecordKind.FileRecipe || r.kind === RecordKind.LayerRecipe || r.kind === RecordKind.Image) {
              ok = bytes.length >= 32 && sha256Raw(bytes.subarray(0, bytes.length - 32)).equals(bytes.subarray(bytes.length - 32));
            } else {
              ok = sha256Hex(bytes) === r.digest;
            }
          }
          if (!ok) problems.push({ code: 'record-corrupt', message: `${KIND_NAMES[r.kind]} sha256:${r.digest} in pack ${id} at offset ${r.offset} does not match its digest`, pack: id, digest: DIGEST_PREFIX + r.digest });
        }
      }
    }
    let indexEntries = 0;
    const indexedPacks = new Set<string>();
    try {
      for await (const [key, value] of this.#db.iterator({ gte: 'p:', lt: 'p;' })) {
        indexEntries++;
        const id = key.slice(2);
        indexedPacks.add(id);
        JSON.parse(Buffer.from(value).toString('utf8'));
        if (!onDisk.has(id)) problems.push({ code: 'pack-missing', message: `index lists pack ${id}, which is missing`, pack: id });
      }
      for await (const [key, value] of this.#db.iterator({ gte: 'o:', lt: 'o;' })) {
        indexEntries++;
        const [, kindText, hex] = key.split(':') as [string, string, string];
        let location: RecordLocation;
        try {
          location = decodeLocation(value);
        } catch (error) {
          problems.push({ code: 'index-mismatch', message: `index entry ${key}: ${(error as Error).message}` });
          continue;
        }
        const record = records.get(key);
        if (!onDisk.has(location.pack)) {
          problems.push({ code: 'index-dangling', message: `index entry for ${KIND_NAMES[Number(kindText) as RecordKind] ?? kindText} sha256:${hex} points at missing pack ${location.pack}`, digest: DIGEST_PREFIX + hex, pack: location.pack });
        } else if (record && (record.pack !== location.pack || record.offset !== location.offset || record.storedLength !== location.storedLength || record.codec !== location.codec)) {
          // The same object may sit in two packs (a gc interrupted); the index must point at one of them.
          const ok = await this.#recordMatches(location, hex);
          if (!ok) problems.push({ code: 'index-mismatch', message: `index entry for sha256:${hex} does not match pack ${location.pack} at offset ${location.offset}`, digest: DIGEST_PREFIX + hex, pack: location.pack });
        } else if (!record && !problems.some((p) => p.pack === location.pack)) {
          problems.push({ code: 'index-mismatch', message: `index entry for sha256:${hex} points at pack ${location.pack} offset ${location.offset}, where there is no such record`, digest: DIGEST_PREFIX + hex, pack: location.pack });
        }
      }
      for await (const [key] of this.#db.iterator({ gte: 'n:', lt: 'n;' })) {
        indexEntries++;
        void key;
      }
    } catch (error) {
      problems.push({ code: 'index-mismatch', message: `reading the index failed: ${(error as Error).message}` });
    }
    for (const id of onDisk.keys()) {
      if (!indexedPacks.has(id)) problems.push({ code: 'pack-unindexed', message: `pack ${id} is not in the index (run cairn repair)`, pack: id });
    }
    const names = (await this.listNames()).length;
    await this.#reachable(problems);
    const stored = await readStoreFile(this.#layout).catch((error: Error) => {
      problems.push({ code: 'store-file', message: error.message });
      return undefined;
    });
    if (stored && !sameChunkerIdentity(stored.chunker, this.#file.chunker)) {
      problems.push({ code: 'store-file', message: `${this.#layout.storeFile} changed while the store was open` });
    }
    return { ok: problems.length === 0, packs: onDisk.size, records: recordCount, indexEntries, names, problems };
  }

  async #recordMatches(location: RecordLocation, hex: string): Promise<boolean> {
    try {
      await this.#withPackFile(location.pack, (file) => readRecordPayload(file, location, hex));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Reclaims what nothing names: packs whose records are all dead are deleted; packs with some
   * live records have those copied (as stored, not recompressed) into new packs. New packs are
   * sealed and indexed before any old pack is deleted, and a fresh name snapshot is written, so
   * a crash at any point leaves a store that opens and verifies.
   */
  async gc(options: { signal?: AbortSignal } = {}): Promise<GcReport> {
    this.#check();
    await this.commit();
    const live = await this.#reachable();
    const packs = new Map<string, PackSummary>();
    for await (const [key, value] of this.#db.iterator({ gte: 'p:', lt: 'p;' })) packs.set(key.slice(2), JSON.parse(Buffer.from(value).toString('utf8')) as PackSummary);
    const bytesBefore = [...packs.values()].reduce((a, p) => a + p.bytes, 0);
    const rewrite: string[] = [];
    const drop: string[] = [];
    let recordsRemoved = 0;
    let done = 0;
    const plans = new Map<string, RecordEntry[]>();
    for (const [id] of packs) {
      if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
      const parsed = parsePack(await readFile(packPath(this.#layout, id)), id);
      const keep = parsed.records.filter((r) => live.has(objectKey(r.kind, r.digest)));
      const dead = parsed.records.length - keep.length;
      if (dead === 0) continue;
      recordsRemoved += dead;
      if (keep.length === 0) drop.push(id);
      else {
        rewrite.push(id);
        plans.set(id, keep);
      }
    }
    // Copy live records of mixed packs, then a name snapshot, into new packs.
    for (const id of rewrite) {
      this.#options.onProgress?.({ type: 'gc:pack', done: done++, total: rewrite.length });
      const parsed = parsePack(await readFile(packPath(this.#layout, id)), id);
      const keep = new Set(plans.get(id)!.map((r) => r.offset));
      for (const r of parsed.records) {
        if (!keep.has(r.offset)) continue;
        await this.#serial(() => this.#appendCopied(r));
      }
    }
    if (rewrite.length > 0 || drop.length > 0) {
      const names: Record<string, string> = {};
      for (const { name, image } of await this.listNames()) names[name] = image;
      await this.#putMeta(RecordKind.NameSnapshot, Buffer.from(JSON.stringify({ names } satisfies NameSnapshot)));
      await this.commit();
      const gone = new Set([...rewrite, ...drop]);
      for (const id of gone) {
        await this.#closePackFile(id);
        await rm(packPath(this.#layout, id), { force: true });
      }
      for (const id of gone) await syncDirectory(join(this.#layout.packs, id.slice(0, 2))).catch(() => undefined);
      await this.#dropPacksFromIndex(gone);
    }
    let packsAfter = 0;
    let bytesAfter = 0;
    for await (const value of this.#db.values({ gte: 'p:', lt: 'p;' })) {
      packsAfter++;
      bytesAfter += (JSON.parse(Buffer.from(value).toString('utf8')) as PackSummary).bytes;
    }
    return { packsBefore: packs.size, packsAfter, bytesBefore, bytesAfter, recordsRemoved };
  }

  async #appendCopied(r: RecordEntry & { payload: Buffer }): Promise<void> {
    // The index must keep pointing at the old copy until the new pack is sealed; #appendRecord
    // records the new location as unindexed, which reads prefer: both copies are identical.
    const key = objectKey(r.kind, r.digest);
    if (this.#unindexed.has(key)) return;
    await this.#appendRecord(r.kind, r.digest, r.uncompressedLength, r.codec, Buffer.from(r.payload));
  }

  /**
   * Rebuilds the index from the packs alone: every pack is read and checked, its records
   * indexed, and the names replayed in pack order. Damaged packs are reported and skipped.
   */
  async repair(options: { signal?: AbortSignal } = {}): Promise<RepairReport> {
    this.#check();
    await this.commit();
    const ops: { type: 'del'; key: string }[] = [];
    for await (const key of this.#db.keys()) ops.push({ type: 'del', key });
    await this.#db.batch(ops, { sync: true });
    this.#sequence = 0;
    const onDisk = await this.#listPackFiles();
    const parsed = [];
    const damagedPacks: string[] = [];
    let done = 0;
    for (const [id, path] of onDisk) {
      if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
      this.#options.onProgress?.({ type: 'repair:pack', done: done++, total: onDisk.size });
      try {
        parsed.push(parsePack(await readFile(path), id));
      } catch {
        damagedPacks.push(id);
      }
    }
    parsed.sort((a, b) => a.sequence - b.sequence || (a.id < b.id ? -1 : 1));
    let records = 0;
    for (const pack of parsed) {
      const payloads = new Map<number, Uint8Array>();
      for (const r of pack.records) {
        if (r.kind === RecordKind.NameEvent || r.kind === RecordKind.NameSnapshot) {
          payloads.set(r.offset, r.codec === Codec.Raw ? r.payload : this.#decompressor.decompress(r.payload));
        }
      }
      await this.#indexRecords(pack.id, pack.sequence, pack.bytes.length, pack.records, payloads);
      records += pack.records.length;
    }
    return { packs: parsed.length, records, names: (await this.listNames()).length, damagedPacks };
  }

  /** Closes the store: the open pack is sealed, files and the index closed. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#writer && !this.#failed) await this.commit();
      else await this.abort();
    } finally {
      this.#closed = true;
      await this.#pool?.close();
      for (const id of [...this.#files.keys()]) await this.#closePackFile(id);
      await this.#db.close();
    }
  }
}

function safeDecompress(d: ReturnType<typeof createDecompressor>, payload: Uint8Array): Buffer | undefined {
  try {
    return d.decompress(payload);
  } catch {
    return undefined;
  }
}

/** A file as a stream of buffers, with errors that name the path. */
export async function* openFileStream(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) yield piece as Buffer;
  } catch (cause) {
    throw new BadInputError(`cannot read ${path}: ${(cause as Error).message}`, { path, cause });
  }
}
