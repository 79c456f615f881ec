/**
 * The write path: one pack writer at a time, records appended in order through a serial queue,
 * sealed and indexed on commit. Records of the open pack are "unindexed": reads that need one
 * seal the pack first (see the module comment of store.ts for the crash story).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AbortedError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import { createChunker, readChunks } from '../chunker/index.js';
import { Codec, PackWriter, RecordKind, type RecordEntry, type RecordLocation } from '../pack/index.js';
import { encodeFileRecipe, type ChunkRef } from '../recipe/index.js';
import { CompressPool, type CompressedBatch } from './compress-pool.js';
import { compressOrNull, createCompressor } from './compression.js';
import type { StoreContext } from './context.js';
import { indexRecords } from './indexing.js';
import { decodeLocation, objectKey } from './keys.js';
import { packPath } from './layout.js';
import { encodeStoreInfo, storeChunkerParams } from './store-file.js';
import type { IngestCommit, PutFileOptions, PutFileResult } from './types.js';
import { nameWriteFailure } from './write-failure.js';
import { LookupBatcher } from './lookup-batcher.js';
import { InFlight } from './in-flight.js';
import { sealRecord } from '../recipe/index.js';

/** A pack is also sealed at this many records, which bounds the memory its index batch and unindexed entries take. */
const PACK_RECORDS = 1 << 12;

/** A file's content to store. */
export type FileSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

const isNameKind = (kind: RecordKind): boolean => kind === RecordKind.NameEvent || kind === RecordKind.NameSnapshot;

export class WriteSession {
  readonly #ctx: StoreContext;
  #pool: CompressPool | undefined;
  #metaCompressorInstance: ReturnType<typeof createCompressor> | undefined;
  // The open pack, the objects it holds (not yet indexed), and what this session sealed.
  #writer: PackWriter | undefined;
  #unindexed = new Map<string, RecordLocation>();
  /** Name records of the open pack by offset: indexing replays them without reading the pack. */
  #namePayloads = new Map<number, Uint8Array>();
  #sealedBytes = 0;
  #sealedPacks = 0;
  /** Packs sealed since the last commit that hold only new records (abort hands them back for cleanup). */
  #sealedSinceCommit: string[] = [];
  /** The open pack holds records gc copied (live elsewhere too until gc ends): never cleaned up. */
  #copiedIntoOpen = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #inFlight = new InFlight();
  #pendingChunks = new Set<string>();
  #chunkers: ReturnType<typeof createChunker>[] = [];
  #failed: unknown;
  /** Lookups of chunks and file recipes being stored, coalesced across the files stored at once. */
  readonly #lookups: LookupBatcher;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#lookups = new LookupBatcher(ctx.db);
  }

  /** Compresses metadata records inline; made on the first write (a read-only open never loads zstd). */
  get #metaCompressor(): ReturnType<typeof createCompressor> {
    return (this.#metaCompressorInstance ??= createCompressor(this.#ctx.options.zstdLevel));
  }

  /** A pack is open and no write has failed: close() commits it. */
  get canCommit(): boolean {
    return this.#writer !== undefined && !this.#failed;
  }

  /** Where an object is: in the open pack (pack '') or as the index says. */
  async locate(kind: RecordKind, hex: string): Promise<RecordLocation | undefined> {
    const pending = this.#unindexed.get(objectKey(kind, hex));
    if (pending) return pending;
    const value = await this.#ctx.db.get(objectKey(kind, hex));
    return value ? decodeLocation(value) : undefined;
  }

  /** Whether an object is in the open pack (not yet readable). */
  isUnindexed(kind: RecordKind, hex: string): boolean {
    return this.#unindexed.has(objectKey(kind, hex));
  }

  /** Objects in the open pack cannot be read until it is sealed: seal it first. */
  async flushIfPending(kind: RecordKind, hex: string): Promise<void> {
    if (this.isUnindexed(kind, hex)) await this.commit();
  }

  #pool_(): CompressPool {
    this.#pool ??= new CompressPool(this.#ctx.options.zstdLevel, this.#ctx.options.compressionThreads);
    return this.#pool;
  }

  /**
   * Runs writes one at a time, in order. A failed write fails the writer until abort(): every
   * later write throws the first failure again (its cause named: a full disk is "no space left").
   */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      if (this.#failed) throw this.#failed;
      try {
        return await work();
      } catch (error) {
        this.#failed = nameWriteFailure(error, this.#ctx.layout.root);
        throw this.#failed;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #appendRecord(kind: RecordKind, hex: string, uncompressedLength: number, codec: Codec, payload: Uint8Array): Promise<number> {
    const key = objectKey(kind, hex);
    if (this.#unindexed.has(key) && !isNameKind(kind)) return 0;
    if (!this.#writer) {
      this.#ctx.sequence += 1;
      const layout = this.#ctx.layout;
      const tmp = join(layout.tmp, `${process.pid}-${Date.now()}-${this.#ctx.sequence}.pack.tmp`);
      const writer = await PackWriter.create(tmp, (id) => packPath(layout, id), this.#ctx.sequence);
      // Every pack starts with the store-info record: the packs alone say how the store cuts chunks.
      const info = encodeStoreInfo(this.#ctx.file);
      await writer.append(RecordKind.StoreInfo, Codec.Raw, sha256Hex(info), info.length, info);
      this.#writer = writer;
    }
    const offset = await this.#writer.append(kind, codec, hex, uncompressedLength, payload);
    this.#unindexed.set(key, { pack: '', offset, kind, codec, uncompressedLength, storedLength: payload.length });
    const full = this.#writer.length >= this.#ctx.options.packSize || this.#writer.recordCount >= PACK_RECORDS;
    if (full && kind === RecordKind.Chunk) await this.#seal();
    return payload.length + 44;
  }

  async #seal(): Promise<void> {
    const writer = this.#writer;
    if (!writer) return;
    this.#writer = undefined;
    const copied = this.#copiedIntoOpen;
    this.#copiedIntoOpen = false;
    if (writer.recordCount <= 1) { // the store-info record alone
      await writer.abandon();
      return;
    }
    const sealed = await writer.seal();
    if (!copied) this.#sealedSinceCommit.push(sealed.id);
    await indexRecords(this.#ctx, sealed.id, sealed.sequence, sealed.bytes, sealed.records, this.#namePayloads);
    this.#namePayloads.clear();
    for (const r of sealed.records) this.#unindexed.delete(objectKey(r.kind, r.digest));
    this.#sealedBytes += sealed.bytes;
    this.#sealedPacks += 1;
  }

  /** Stores a metadata object (compressed inline); returns its hex digest. */
  async putMeta(kind: RecordKind, bytes: Uint8Array, hex = sha256Hex(bytes)): Promise<string> {
    await this.serial(async () => {
      if (!isNameKind(kind) && (await this.locate(kind, hex))) return;
      const compressed = bytes.length > 64 ? compressOrNull(this.#metaCompressor, bytes) : null;
      await this.#appendRecord(kind, hex, bytes.length, compressed ? Codec.Zstd : Codec.Raw, compressed ?? bytes);
      if (isNameKind(kind)) this.#namePayloads.set(this.#unindexed.get(objectKey(kind, hex))!.offset, bytes);
    });
    return hex;
  }

  /**
   * Objects whose identity is not the sha256 of their own encoding (file recipes: the file's
   * content digest; layer recipes: the DiffID; images: the manifest digest). Their records carry a trailing 32-byte sha256 of the
   * encoding, so that reads and verify --deep still check every byte.
   */
  async putKeyed(kind: RecordKind, hex: string, bytes: Uint8Array, checked = false): Promise<void> {
    const sealed = sealRecord(bytes);
    await this.serial(async () => {
      if (checked ? this.#unindexed.has(objectKey(kind, hex)) : await this.locate(kind, hex)) return;
      // File recipes are mostly digests, which do not compress: they are stored raw. Image
      // records (one per image, a few hundred bytes) too: `cairn ls` reads them, and reading
      // them raw keeps zstd from loading at all in a listing.
      const raw = kind === RecordKind.FileRecipe || kind === RecordKind.Image;
      const compressed = raw ? null : compressOrNull(this.#metaCompressor, sealed);
      await this.#appendRecord(kind, hex, sealed.length, compressed ? Codec.Zstd : Codec.Raw, compressed ?? sealed);
    });
  }

  /** gc: copies a live record, as stored, into the open pack (call through serial). */
  async appendCopied(r: RecordEntry & { payload: Buffer }): Promise<void> {
    // The index must keep pointing at the old copy until the new pack is sealed; #appendRecord
    // records the new location as unindexed, which reads prefer: both copies are identical.
    const key = objectKey(r.kind, r.digest);
    if (this.#unindexed.has(key)) return;
    this.#copiedIntoOpen = true;
    await this.#appendRecord(r.kind, r.digest, r.uncompressedLength, r.codec, Buffer.from(r.payload));
  }

  /**
   * Chunks, deduplicates and stores one file's content. The records are durable and visible
   * after commit() (putFile commits; the ingest of a tree commits once at the end).
   */
  async putFileUncommitted(source: FileSource, options: PutFileOptions = {}): Promise<PutFileResult> {
    // Without options.digest the file is hashed here, from its second chunk on: a file of one
    // chunk has that chunk's digest, and its bytes are hashed once.
    const fileHash = options.digest ? undefined : createHash('sha256');
    let first: Uint8Array | undefined;
    const refs: ChunkRef[] = [];
    // storedBytes grows as this file's new chunks are compressed and appended; drain() settles it.
    const result: PutFileResult = { digest: '', size: 0, chunks: 0, newChunks: 0, storedBytes: 0 };
    const pool = this.#pool_();
    const chunker = this.#chunkers.pop() ?? createChunker(storeChunkerParams(this.#ctx.file));
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
      const fresh: { hex: string; length: number }[] = [];
      const views: Uint8Array[] = [];
      let freshBytes = 0;
      for (const [i, c] of candidates.entries()) {
        if (found[i] !== undefined || this.#pendingChunks.has(c.hex)) continue;
        this.#pendingChunks.add(c.hex);
        result.newChunks++;
        fresh.push({ hex: c.hex, length: c.bytes.length });
        views.push(c.bytes);
        freshBytes += c.bytes.length;
      }
      if (fresh.length > 0) {
        // The new chunks back to back: one copy (their bytes may be views of input buffers),
        // which the pool takes over, and one compression job for all of them.
        const owned = pool.buffer(freshBytes);
        let at = 0;
        for (const view of views) {
          owned.set(view, at);
          at += view.length;
        }
        const stored = pool.compressBatch(owned, fresh.map((f) => f.length)).then((compressed) =>
          this.serial(async () => {
            let offset = 0;
            for (const [i, f] of fresh.entries()) {
              const length = compressed.lengths[i]!;
              const codec = compressed.zstd[i] ? Codec.Zstd : Codec.Raw;
              result.storedBytes += await this.#appendRecord(RecordKind.Chunk, f.hex, f.length, codec, compressed.bytes.subarray(offset, offset + length));
              offset += length;
              this.#pendingChunks.delete(f.hex);
            }
          }),
        );
        await this.#inFlight.add(stored, freshBytes);
      }
      return extraPending || (extraKey !== undefined && found[keys.length - 1] !== undefined);
    };
    try {
      for await (const chunk of readChunks(source, chunker)) {
        if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
        if (fileHash && refs.length === 0) first = chunk.bytes;
        else if (fileHash) {
          if (first) fileHash.update(first);
          first = undefined;
          fileHash.update(chunk.bytes);
        }
        const hex = sha256Hex(chunk.bytes);
        refs.push({ digest: hex, length: chunk.length });
        result.size += chunk.length;
        batch.push({ hex, bytes: chunk.bytes });
        if (batch.length >= 64) await flush();
      }
    } finally {
      this.#chunkers.push(chunker);
    }
    const digest = !fileHash ? await options.digest!() : refs.length === 1 ? refs[0]!.digest : fileHash.digest('hex');
    result.digest = DIGEST_PREFIX + digest;
    result.chunks = refs.length;
    const recipeStored = await flush(objectKey(RecordKind.FileRecipe, digest));
    if (!recipeStored) {
      const recipe = encodeFileRecipe({ size: result.size, chunks: refs });
      await this.putKeyed(RecordKind.FileRecipe, digest, recipe, true);
      result.storedBytes += recipe.length + 32 + 44;
    }
    return result;
  }

  /**
   * The largest file putSmallFilesUncommitted takes: below every cut the chunker can make, so
   * such a file is one chunk (none when empty) whose digest is the file's.
   */
  get smallFileLimit(): number {
    const p = storeChunkerParams(this.#ctx.file);
    return Math.min(p.min, p.avg, p.max);
  }

  /**
   * Stores many small files (each at most smallFileLimit bytes) at once, as putFileUncommitted
   * would store each: one sha256 per file (its one chunk's digest is the file's), one index
   * lookup for the whole batch, the new chunks compressed in one worker job, and their records
   * and the missing file recipes appended in one turn of the write queue. Resolves, in order,
   * with each file's result (storedBytes final) once every record is appended.
   */
  async putSmallFilesUncommitted(files: readonly Uint8Array[]): Promise<PutFileResult[]> {
    const limit = this.smallFileLimit;
    const results: PutFileResult[] = [];
    // Per distinct content: where it first occurs, and the keys looked up for it.
    const first = new Map<string, number>();
    const keys: string[] = [];
    for (const bytes of files) {
      if (bytes.length > limit) throw new RangeError(`putSmallFilesUncommitted: a file of ${bytes.length} bytes (limit ${limit})`);
      const hex = sha256Hex(bytes);
      results.push({ digest: DIGEST_PREFIX + hex, size: bytes.length, chunks: bytes.length > 0 ? 1 : 0, newChunks: 0, storedBytes: 0 });
      if (first.has(hex)) continue;
      first.set(hex, results.length - 1);
      keys.push(objectKey(RecordKind.FileRecipe, hex));
      if (bytes.length > 0) keys.push(objectKey(RecordKind.Chunk, hex));
    }
    const found = new Set<string>();
    const wanted = keys.filter((k) => !this.#unindexed.has(k));
    const values = wanted.length > 0 ? await this.#lookups.getMany(wanted) : [];
    wanted.forEach((key, i) => { if (values[i] !== undefined) found.add(key); });
    // New chunks (not in the index, the open pack, or on their way to it), back to back for one compression job.
    const fresh: { hex: string; at: number; length: number }[] = [];
    const recipes: { hex: string; at: number }[] = [];
    let freshBytes = 0;
    for (const [hex, at] of first) {
      if (!found.has(objectKey(RecordKind.FileRecipe, hex))) recipes.push({ hex, at });
      const length = files[at]!.length;
      const chunkKey = objectKey(RecordKind.Chunk, hex);
      if (length === 0 || found.has(chunkKey) || this.#unindexed.has(chunkKey) || this.#pendingChunks.has(hex)) continue;
      this.#pendingChunks.add(hex);
      results[at]!.newChunks = 1;
      fresh.push({ hex, at, length });
      freshBytes += length;
    }
    const stored = (async () => {
      let compressed: CompressedBatch | undefined;
      if (fresh.length > 0) {
        const pool = this.#pool_();
        const owned = pool.buffer(freshBytes);
        let at = 0;
        for (const f of fresh) {
          owned.set(files[f.at]!, at);
          at += f.length;
        }
        compressed = await pool.compressBatch(owned, fresh.map((f) => f.length));
      }
      await this.serial(async () => {
        let offset = 0;
        for (const [i, f] of fresh.entries()) {
          const length = compressed!.lengths[i]!;
          const payload = compressed!.bytes.subarray(offset, offset + length);
          offset += length;
          const codec = compressed!.zstd[i] ? Codec.Zstd : Codec.Raw;
          results[f.at]!.storedBytes += await this.#appendRecord(RecordKind.Chunk, f.hex, f.length, codec, payload);
          this.#pendingChunks.delete(f.hex);
        }
        for (const r of recipes) {
          if (this.#unindexed.has(objectKey(RecordKind.FileRecipe, r.hex))) continue;
          const size = files[r.at]!.length;
          const sealed = sealRecord(encodeFileRecipe({ size, chunks: size > 0 ? [{ digest: r.hex, length: size }] : [] }));
          results[r.at]!.storedBytes += await this.#appendRecord(RecordKind.FileRecipe, r.hex, sealed.length, Codec.Raw, sealed);
        }
      });
    })();
    this.#inFlight.note(stored);
    await stored;
    return results;
  }

  /** Which of these objects the store holds (indexed, in the open pack, or being stored): one batched lookup. */
  async holdsMany(kind: RecordKind, hexes: readonly string[]): Promise<boolean[]> {
    const keys = hexes.map((hex) => objectKey(kind, hex));
    const held = keys.map((key, i) => this.#unindexed.has(key) || (kind === RecordKind.Chunk && this.#pendingChunks.has(hexes[i]!)));
    const ask = keys.filter((_, i) => !held[i]);
    const values = ask.length > 0 ? await this.#lookups.getMany(ask) : [];
    let at = 0;
    return held.map((h) => h || values[at++] !== undefined);
  }

  /**
   * Appends chunk records in the form a sender stored them (zstd or raw payloads of chunks the
   * caller has checked against their digests), skipping those the store holds: nothing is
   * compressed again. Returns the bytes appended.
   */
  async putStoredChunks(chunks: readonly { hex: string; length: number; zstd: boolean; payload: Uint8Array }[]): Promise<number> {
    const held = await this.holdsMany(RecordKind.Chunk, chunks.map((c) => c.hex));
    return this.serial(async () => {
      let bytes = 0;
      for (const [i, c] of chunks.entries()) {
        if (!held[i]) bytes += await this.#appendRecord(RecordKind.Chunk, c.hex, c.length, c.zstd ? Codec.Zstd : Codec.Raw, c.payload);
      }
      return bytes;
    });
  }

  /** Waits until every chunk handed to the compressors has been appended to a pack (callers at the same time share one wait). */
  async drain(): Promise<void> {
    await this.#inFlight.drain();
  }

  /** Seals the open pack and indexes it: everything written so far becomes durable and visible. */
  async commit(): Promise<IngestCommit> {
    this.#ctx.check();
    await this.drain();
    await this.serial(() => this.#seal());
    this.#sealedSinceCommit = [];
    const result = { storedBytes: this.#sealedBytes, packs: this.#sealedPacks };
    this.#sealedBytes = 0;
    this.#sealedPacks = 0;
    return result;
  }

  /**
   * Drops everything written since the last commit (a failed ingest): the open pack is deleted.
   * Returns the packs sealed since the last commit with new records only, for the caller to
   * delete those that nothing references (see discard.ts).
   */
  async abort(): Promise<string[]> {
    await this.#inFlight.settle();
    const sealed = this.#sealedSinceCommit;
    this.#sealedSinceCommit = [];
    this.#copiedIntoOpen = false;
    this.#sealedBytes = 0;
    this.#sealedPacks = 0;
    this.#pendingChunks.clear();
    const writer = this.#writer;
    this.#writer = undefined;
    this.#unindexed.clear();
    this.#namePayloads.clear();
    this.#failed = undefined;
    this.#queue = Promise.resolve();
    await writer?.abandon();
    return sealed;
  }

  /** Stops the compression workers. */
  async close(): Promise<void> {
    await this.#pool?.close();
  }
}
