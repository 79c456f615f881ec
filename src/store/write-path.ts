/**
 * The write path: files chunked, deduplicated against the index and the records on their way,
 * their new chunks compressed on the worker pool and appended in order, on RecordWriter's packs
 * (record-writer.ts). commit() first waits for every compression job in flight.
 */
import { createHash } from 'node:crypto';
import { AbortedError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import { createChunker, readChunks } from '../chunker/index.js';
import { Codec, RecordKind, groupTableLength } from '../pack/index.js';
import { encodeFileRecipe, sealRecord, type ChunkRef } from '../recipe/index.js';
import { CompressPool, type CompressedBatch } from './compress-pool.js';
import { ChunkGroups, type SentGroup } from './chunk-groups.js';
import type { StoreContext } from './context.js';
import { InFlight } from './in-flight.js';
import { objectKey } from './keys.js';
import { LookupBatcher } from './lookup-batcher.js';
import { RecordWriter } from './record-writer.js';
import { storeChunkerParams } from './store-file.js';
import type { IngestCommit, PutFileOptions, PutFileResult } from './types.js';

/** A file's content to store. */
export type FileSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export class WriteSession extends RecordWriter {
  #pool: CompressPool | undefined;
  readonly #inFlight = new InFlight();
  /** Chunks handed to the compressors and not yet appended. */
  #pendingChunks = new Set<string>();
  #chunkers: ReturnType<typeof createChunker>[] = [];
  /** Lookups of chunks and file recipes being stored, coalesced across the files stored at once. */
  readonly #lookups: LookupBatcher;

  /** New chunks of at most GROUP_MEMBER_MAX bytes, gathered into chunk groups (chunk-groups.ts). */
  readonly #groups: ChunkGroups;

  constructor(ctx: StoreContext) {
    super(ctx);
    this.#lookups = new LookupBatcher(ctx.db);
    this.#groups = new ChunkGroups(ctx.options.groupSize, () => this.#pool_(), this.#inFlight, (group) => this.#storeGroup(group), ctx.options.x86Filter);
  }

  #pool_(): CompressPool {
    this.#pool ??= new CompressPool(this.ctx.options.zstdLevel, { threads: this.ctx.options.compressionThreads });
    return this.#pool;
  }

  /**
   * Chunks, deduplicates and stores one file's content. The records are durable and visible
   * after commit() (putFile commits; the ingest of a tree commits once at the end).
   */
  async putFileUncommitted(source: FileSource, options: PutFileOptions = {}): Promise<PutFileResult> {
    return (await this.#put(source, options, false)).stored;
  }

  /**
   * putFileUncommitted in two steps: resolves once `source` is drained (its chunks hashed and
   * looked up, the new ones copied on their way: the store holds no view of the source's
   * buffers, which the caller may fill again), with `stored`, which settles once the file's
   * digest is known and its recipe stored. A caller that hands the digest in (options.digest,
   * from another thread) goes on with its next file meanwhile instead of waiting for it.
   */
  async putFileDrained(source: FileSource, options: PutFileOptions = {}): Promise<{ stored: Promise<PutFileResult> }> {
    return this.#put(source, options, true);
  }

  /** Both: with `drained`, the last batch of chunks is looked up before the source counts as drained; else with the file recipe's key. */
  async #put(source: FileSource, options: PutFileOptions, drained: boolean): Promise<{ stored: Promise<PutFileResult> }> {
    // Without options.digest the file is hashed here, from its second chunk on: a file of one
    // chunk has that chunk's digest, and its bytes are hashed once.
    const fileHash = options.digest ? undefined : createHash('sha256');
    let first: Uint8Array | undefined;
    const refs: ChunkRef[] = [];
    // storedBytes grows as this file's new chunks are compressed and appended; drain() settles it.
    const result: PutFileResult = { digest: '', size: 0, chunks: 0, newChunks: 0, storedBytes: 0 };
    const pool = this.#pool_();
    const chunker = this.#chunkers.pop() ?? createChunker(storeChunkerParams(this.ctx.file));
    // Chunks are looked up in the index in batches (one getMany per batch, not one get each).
    let batch: { hex: string; bytes: Uint8Array }[] = [];
    // `extraKey` rides along in the same lookup (the file recipe's key, once the digest is known).
    const flush = async (extraKey?: string): Promise<boolean> => {
      const candidates = batch.filter((c) => !this.#pendingChunks.has(c.hex) && !this.unindexed.has(objectKey(RecordKind.Chunk, c.hex)));
      batch = [];
      const extraPending = extraKey !== undefined && this.unindexed.has(extraKey);
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
        if (this.#groups.takes(c.bytes.length)) {
          // Into the open group (copied now); its cost is counted once the group is stored.
          void (await this.#groups.add(c.hex, c.bytes)).stored.then((n) => { result.storedBytes += n; }, () => undefined);
          continue;
        }
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
              result.storedBytes += await this.appendRecord(RecordKind.Chunk, f.hex, f.length, codec, compressed.bytes.subarray(offset, offset + length));
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
      const transient = options.transientSource ? { beforeNext: async (): Promise<void> => void (await flush()) } : undefined;
      for await (const chunk of readChunks(source, chunker, transient)) {
        if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
        if (fileHash && refs.length === 0) first = transient ? Uint8Array.from(chunk.bytes) : chunk.bytes;
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
      // The last chunks looked up (and the new ones copied) now, while their views are valid.
      if (drained && batch.length > 0) await flush();
    } finally {
      this.#chunkers.push(chunker);
    }
    const finish = async (): Promise<PutFileResult> => {
      const digest = !fileHash ? await options.digest!() : refs.length === 1 ? refs[0]!.digest : fileHash.digest('hex');
      result.digest = DIGEST_PREFIX + digest;
      result.chunks = refs.length;
      const recipeStored = await flush(objectKey(RecordKind.FileRecipe, digest));
      if (!recipeStored) {
        const recipe = encodeFileRecipe({ size: result.size, chunks: refs });
        if (await this.putKeyed(RecordKind.FileRecipe, digest, recipe, true)) result.storedBytes += recipe.length + 32 + 44;
      }
      return result;
    };
    const stored = finish();
    stored.catch(() => undefined); // a caller that fails before awaiting it must not leave it unhandled
    return { stored };
  }

  /**
   * The largest file putSmallFilesUncommitted takes: below every cut the chunker can make, so
   * such a file is one chunk (none when empty) whose digest is the file's.
   */
  get smallFileLimit(): number {
    const p = storeChunkerParams(this.ctx.file);
    return Math.min(p.min, p.avg, p.max);
  }

  /**
   * Stores many small files (each at most smallFileLimit bytes) at once, as putFileUncommitted
   * would store each: one sha256 per file (its one chunk's digest is the file's), one index
   * lookup for the whole batch, the new chunks into chunk groups (chunk-groups.ts), and the
   * missing file recipes appended in one turn of the write queue. Resolves, in order, with each
   * file's result once the recipes are appended; storedBytes settles once the chunks' groups
   * are stored (drain() waits for that).
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
    const wanted = keys.filter((k) => !this.unindexed.has(k));
    const values = wanted.length > 0 ? await this.#lookups.getMany(wanted) : [];
    wanted.forEach((key, i) => { if (values[i] !== undefined) found.add(key); });
    // New chunks (not in the index, the open pack, or on their way to it) go into chunk groups,
    // whose storedBytes settle when their group is stored (drain() waits for that); without
    // groups (groupSize 0), back to back for one compression job.
    const fresh: { hex: string; at: number; length: number }[] = [];
    const recipes: { hex: string; at: number }[] = [];
    let freshBytes = 0;
    for (const [hex, at] of first) {
      if (!found.has(objectKey(RecordKind.FileRecipe, hex))) recipes.push({ hex, at });
      const length = files[at]!.length;
      const chunkKey = objectKey(RecordKind.Chunk, hex);
      if (length === 0 || found.has(chunkKey) || this.unindexed.has(chunkKey) || this.#pendingChunks.has(hex)) continue;
      this.#pendingChunks.add(hex);
      results[at]!.newChunks = 1;
      if (this.#groups.takes(length)) {
        void (await this.#groups.add(hex, files[at]!)).stored.then((n) => { results[at]!.storedBytes += n; }, () => undefined);
        continue;
      }
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
          results[f.at]!.storedBytes += await this.appendRecord(RecordKind.Chunk, f.hex, f.length, codec, payload);
          this.#pendingChunks.delete(f.hex);
        }
        for (const r of recipes) {
          if (this.unindexed.has(objectKey(RecordKind.FileRecipe, r.hex))) continue;
          const size = files[r.at]!.length;
          const sealed = sealRecord(encodeFileRecipe({ size, chunks: size > 0 ? [{ digest: r.hex, length: size }] : [] }));
          results[r.at]!.storedBytes += await this.appendRecord(RecordKind.FileRecipe, r.hex, sealed.length, Codec.Raw, sealed);
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
    const held = keys.map((key, i) => this.unindexed.has(key) || (kind === RecordKind.Chunk && this.#pendingChunks.has(hexes[i]!)));
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
        if (!held[i]) bytes += await this.appendRecord(RecordKind.Chunk, c.hex, c.length, c.zstd ? Codec.Zstd : Codec.Raw, c.payload);
      }
      return bytes;
    });
  }

  /**
   * Waits until every chunk handed to the compressors (the open group sent first) has been
   * appended to a pack (callers at the same time share one wait).
   */
  async drain(): Promise<void> {
    await this.#groups.send();
    await this.#inFlight.drain();
  }

  /** A group's members appended: compressed, as one group record; otherwise each raw. Returns the bytes each took. */
  #storeGroup({ members, compressed }: SentGroup): Promise<number[]> {
    return this.serial(async () => {
      const costs: number[] = [];
      if (compressed.zstd) {
        let at = 0;
        const placed = members.map((m) => {
          const member = { hex: m.hex, at, length: m.length };
          at += m.length;
          return member;
        });
        const codec = compressed.x86 ? Codec.ZstdX86 : Codec.Zstd;
        const total = await this.appendRecord(RecordKind.ChunkGroup, compressed.digest!, at + groupTableLength(members.length), codec, compressed.bytes, placed);
        // Each member's share of the record, by its length.
        for (const m of members) costs.push(Math.round((total * m.length) / Math.max(1, at)));
      } else {
        let at = 0;
        for (const m of members) {
          costs.push(await this.appendRecord(RecordKind.Chunk, m.hex, m.length, Codec.Raw, compressed.bytes.subarray(at, at + m.length)));
          at += m.length;
        }
        // The pack writer keeps views of the payloads until it writes them: once written (or
        // sealed with the pack), the group's buffer goes back to the pool for the next group.
        await this.flushOpenPack();
        this.#pool_().recycle(compressed.bytes.buffer as ArrayBuffer);
      }
      for (const m of members) this.#pendingChunks.delete(m.hex);
      return costs;
    });
  }

  /** Chunks handed to the compressors and not yet appended are pending too: commit() waits for them, then seals. */
  override isPending(kind: RecordKind, hex: string): boolean {
    return super.isPending(kind, hex) || (kind === RecordKind.Chunk && this.#pendingChunks.has(hex));
  }

  /** Seals the open pack and indexes it, once every compression job in flight has been appended. */
  override async commit(): Promise<IngestCommit> {
    this.ctx.check();
    await this.drain();
    return super.commit();
  }

  /** As RecordWriter.abort, once the compression jobs in flight have settled. */
  override async abort(): Promise<string[]> {
    this.#groups.discard(new AbortedError('the write session was aborted'));
    await this.#inFlight.settle();
    this.#pendingChunks.clear();
    return super.abort();
  }

  /** Stops the compression workers. */
  async close(): Promise<void> {
    await this.#pool?.close();
  }
}
