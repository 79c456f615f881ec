/**
 * Records into packs: one pack writer at a time, records appended in order through a serial
 * queue, sealed and indexed on commit. Records of the open pack are "unindexed": reads that
 * need one seal the pack first (see the module comment of store.ts for the crash story).
 * WriteSession (write-path.ts) builds on it to store files as chunks.
 */
import { join } from 'node:path';
import { sha256Hex } from '../digest.js';
import { Codec, PackWriter, RecordKind, type GroupMember, type RecordEntry, type RecordLocation } from '../pack/index.js';
import { sealRecord } from '../recipe/index.js';
import { compressOrNull, createCompressor } from './compression.js';
import type { StoreContext } from './context.js';
import { indexRecords } from './indexing.js';
import { decodeLocation, objectKey } from './keys.js';
import { packPath } from './layout.js';
import { encodeStoreInfo } from './store-file.js';
import type { IngestCommit } from './types.js';
import { nameWriteFailure } from './write-failure.js';

/** A pack is also sealed at this many records, which bounds the memory its index batch and unindexed entries take. */
const PACK_RECORDS = 1 << 12;

const isNameKind = (kind: RecordKind): boolean => kind === RecordKind.NameEvent || kind === RecordKind.NameSnapshot;

export class RecordWriter {
  protected readonly ctx: StoreContext;
  #metaCompressorInstance: ReturnType<typeof createCompressor> | undefined;
  // The open pack, the objects it holds (not yet indexed), and what this session sealed.
  #writer: PackWriter | undefined;
  protected readonly unindexed = new Map<string, RecordLocation>();
  /** Name records of the open pack by offset: indexing replays them without reading the pack. */
  #namePayloads = new Map<number, Uint8Array>();
  /** Chunk groups of the open pack by offset, and their members: indexing lists them without reading the pack. */
  #groupMembers = new Map<number, readonly GroupMember[]>();
  #sealedBytes = 0;
  #sealedPacks = 0;
  /** Packs sealed since the last commit that hold only new records (abort hands them back for cleanup). */
  #sealedSinceCommit: string[] = [];
  /** The open pack holds records gc copied (live elsewhere too until gc ends): never cleaned up. */
  #copiedIntoOpen = false;
  #queue: Promise<unknown> = Promise.resolve();
  #failed: unknown;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /** Compresses metadata records inline; made on the first write (a read-only open never loads zstd). */
  get #metaCompressor(): ReturnType<typeof createCompressor> {
    return (this.#metaCompressorInstance ??= createCompressor(this.ctx.options.zstdLevel));
  }

  /** A pack is open and no write has failed: close() commits it. */
  get canCommit(): boolean {
    return this.#writer !== undefined && !this.#failed;
  }

  /** Where an object is: in the open pack (pack '') or as the index says. */
  async locate(kind: RecordKind, hex: string): Promise<RecordLocation | undefined> {
    const pending = this.unindexed.get(objectKey(kind, hex));
    if (pending) return pending;
    const value = await this.ctx.db.get(objectKey(kind, hex));
    return value ? decodeLocation(value) : undefined;
  }

  /** Whether an object is written but not yet readable: in the open pack (WriteSession adds chunks on their way to it). */
  isPending(kind: RecordKind, hex: string): boolean {
    return this.unindexed.has(objectKey(kind, hex));
  }

  /** Objects not yet readable (isPending) become readable once the open pack is sealed: seal it first when one of these is. */
  async flushIfPending(kind: RecordKind, hexes: string | readonly string[]): Promise<void> {
    const pending = typeof hexes === 'string' ? this.isPending(kind, hexes) : hexes.some((hex) => this.isPending(kind, hex));
    if (pending) await this.commit();
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
        this.#failed = nameWriteFailure(error, this.ctx.layout.root);
        throw this.#failed;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends one record to the open pack (opened as needed); returns the bytes it took, 0 when
   * the pack holds it already. A chunk group (kind 12) comes with its `members`, each then
   * locatable as a chunk.
   */
  protected async appendRecord(kind: RecordKind, hex: string, uncompressedLength: number, codec: Codec, payload: Uint8Array, members?: readonly GroupMember[]): Promise<number> {
    const key = objectKey(kind, hex);
    if (this.unindexed.has(key) && !isNameKind(kind)) return 0;
    if (!this.#writer) {
      this.ctx.sequence += 1;
      const layout = this.ctx.layout;
      const tmp = join(layout.tmp, `${process.pid}-${Date.now()}-${this.ctx.sequence}.pack.tmp`);
      const writer = await PackWriter.create(tmp, (id) => packPath(layout, id), this.ctx.sequence);
      // Every pack starts with the store-info record: the packs alone say how the store cuts chunks.
      const info = encodeStoreInfo(this.ctx.file);
      await writer.append(RecordKind.StoreInfo, Codec.Raw, sha256Hex(info), info.length, info);
      this.#writer = writer;
    }
    const offset = await this.#writer.append(kind, codec, hex, uncompressedLength, payload);
    const location: RecordLocation = { pack: '', offset, kind, codec, uncompressedLength, storedLength: payload.length };
    this.unindexed.set(key, location);
    if (members) {
      this.#groupMembers.set(offset, members);
      for (const m of members) this.unindexed.set(objectKey(RecordKind.Chunk, m.hex), { ...location, member: { at: m.at, length: m.length } });
    }
    const full = this.#writer.length >= this.ctx.options.packSize || this.#writer.recordCount >= PACK_RECORDS;
    if (full && (kind === RecordKind.Chunk || kind === RecordKind.ChunkGroup)) await this.#seal();
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
    const groups = this.#groupMembers;
    this.#groupMembers = new Map();
    await indexRecords(this.ctx, sealed.id, sealed.sequence, sealed.bytes, sealed.records, this.#namePayloads, groups);
    this.#namePayloads.clear();
    for (const r of sealed.records) this.unindexed.delete(objectKey(r.kind, r.digest));
    for (const members of groups.values()) for (const m of members) this.unindexed.delete(objectKey(RecordKind.Chunk, m.hex));
    this.#sealedBytes += sealed.bytes;
    this.#sealedPacks += 1;
  }

  /** Writes the open pack's buffered records (call through serial): buffers of payloads appended so far may be reused after. */
  protected async flushOpenPack(): Promise<void> {
    await this.#writer?.flush();
  }

  /** Stores a metadata object (compressed inline); returns its hex digest. */
  async putMeta(kind: RecordKind, bytes: Uint8Array, hex = sha256Hex(bytes)): Promise<string> {
    await this.serial(async () => {
      if (!isNameKind(kind) && (await this.locate(kind, hex))) return;
      const compressed = bytes.length > 64 ? compressOrNull(this.#metaCompressor, bytes) : null;
      await this.appendRecord(kind, hex, bytes.length, compressed ? Codec.Zstd : Codec.Raw, compressed ?? bytes);
      if (isNameKind(kind)) this.#namePayloads.set(this.unindexed.get(objectKey(kind, hex))!.offset, bytes);
    });
    return hex;
  }

  /**
   * Objects whose identity is not the sha256 of their own encoding (file recipes: the file's
   * content digest; layer recipes: the DiffID; images: the manifest digest). Their records carry a trailing 32-byte sha256 of the
   * encoding, so that reads and verify --deep still check every byte. Appends the record
   * unless one is already there (`checked`: the caller looked in the index, so only the open
   * pack is looked in); resolves with whether it appended.
   */
  async putKeyed(kind: RecordKind, hex: string, bytes: Uint8Array, checked = false): Promise<boolean> {
    const sealed = sealRecord(bytes);
    return this.serial(async () => {
      if (checked ? this.unindexed.has(objectKey(kind, hex)) : await this.locate(kind, hex)) return false;
      // File recipes are mostly digests, which do not compress: they are stored raw. Image
      // records (one per image, a few hundred bytes) too: `cairn ls` reads them, and reading
      // them raw keeps zstd from loading at all in a listing.
      const raw = kind === RecordKind.FileRecipe || kind === RecordKind.Image;
      const compressed = raw ? null : compressOrNull(this.#metaCompressor, sealed);
      await this.appendRecord(kind, hex, sealed.length, compressed ? Codec.Zstd : Codec.Raw, compressed ?? sealed);
      return true;
    });
  }

  /** gc: copies a live record, as stored, into the open pack (call through serial). */
  async appendCopied(r: RecordEntry & { payload: Buffer }): Promise<void> {
    // The index must keep pointing at the old copy until the new pack is sealed; #appendRecord
    // records the new location as unindexed, which reads prefer: both copies are identical.
    const key = objectKey(r.kind, r.digest);
    if (this.unindexed.has(key)) return;
    this.#copiedIntoOpen = true;
    await this.appendRecord(r.kind, r.digest, r.uncompressedLength, r.codec, Buffer.from(r.payload));
  }

  /** Seals the open pack and indexes it: everything written so far becomes durable and visible. */
  async commit(): Promise<IngestCommit> {
    this.ctx.check();
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
    const sealed = this.#sealedSinceCommit;
    this.#sealedSinceCommit = [];
    this.#copiedIntoOpen = false;
    this.#sealedBytes = 0;
    this.#sealedPacks = 0;
    const writer = this.#writer;
    this.#writer = undefined;
    this.unindexed.clear();
    this.#namePayloads.clear();
    this.#groupMembers.clear();
    this.#failed = undefined;
    this.#queue = Promise.resolve();
    await writer?.abandon();
    return sealed;
  }

}
