/**
 * The content-addressed store: packs on disk are the truth, a LevelDB index maps digests to
 * record locations. Chunks are deduplicated by sha256; files, layers and images are recipes.
 *
 * Writes go through one pack writer at a time. Records become visible (indexed) only after
 * their pack is sealed: written, fsynced, renamed into place and its directory fsynced; then
 * the index batch is committed synchronously. A crash therefore leaves either an unsealed
 * temporary file (deleted on the next open) or a sealed pack that the next open indexes.
 * Names are records too (events and snapshots), so repair rebuilds everything from packs.
 * This class is a thin front (open-store.ts opens it); the work is done by:
 *   keys.ts        index key prefixes and the location codec
 *   store-file.ts  cairn-store.json and the store-info record
 *   store-identity.ts  the store file checked against (or restored from) the packs
 *   pack-files.ts  open pack files, reading one record
 *   write-path.ts  appending, sealing, committing (WriteSession)
 *   store-reads.ts the read half of this class (StoreReads, which Store extends)
 *   read-path.ts   checked reads of objects (ObjectReader); file-deltas.ts: files stored as deltas
 *   indexing.ts    index batches for sealed packs
 *   names.ts       name events and snapshots, resolving names
 *   listing.ts     listings and stats
 *   reconcile.ts, discard.ts   recovery after a crash, the packs of a failed write removed
 *   reachable.ts, verify.ts, gc.ts, repair.ts   maintenance (read-path.ts feeds their walk)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DIGEST_PREFIX, parseDigest, hexOf } from '../digest.js';
import { fileStream } from '../file-stream.js';
import type { ChunkerOptions } from '../chunker/index.js';
import { RecordKind } from '../pack/index.js';
import { encodeFileRecipe, encodeLayerRoot, type FileRecipe, type ImageRecord, type LayerRecipeRoot } from '../recipe/index.js';
import type { StoreContext } from './context.js';
import { discardPacks } from './discard.js';
import { collectGarbage } from './gc.js';
import type { IndexDb } from './index-db.js';
import type { StoreLayout } from './layout.js';
import { imageListing, listDigests, storeStats } from './listing.js';
import { readListing, writeListing, type ListedImage } from './listing-cache.cjs';
import { listNames, removeNames, resolveFile, resolveImage, resolveLayer, setNames } from './names.js';
import { PackFiles } from './pack-files.js';
import { reachable } from './reachable.js';
import { encodeDescription, type BlobDescription } from '../reblob/description.js';
import { ObjectReader } from './read-path.js';
import { reconcile } from './reconcile.js';
import { repairIndex } from './repair.js';
import type { PreparedStoreFile, StoreFile } from './store-file.js';
import { StoreReads } from './store-reads.js';
import { restoreStoreFile, settleStoreFile } from './store-identity.js';
import type {
  GcReport, IngestCommit, ProgressEvent, PutFileOptions, PutFileResult, RepairReport, ResolvedStoreOptions, StoreStats, VerifyReport,
} from './types.js';
import { verifyStore } from './verify.js';
import { WriteSession, type FileSource } from './write-path.js';

export type {
  StoreOptions, ProgressEvent, PutFileOptions, PutFileResult, VerifyProblem, VerifyReport, GcReport, RepairReport, LossSummary, StoreStats, IngestCommit,
} from './types.js';

/**
 * A handle on an open store. See openStore. Digests: every method that returns one returns
 * `sha256:<hex>`; every method that takes one accepts that or bare hex. (Recipes, src/recipe,
 * keep bare hex: it is their encoding's form.)
 */
export class Store extends StoreReads {
  readonly dir: string;
  protected readonly ctx: StoreContext;
  protected readonly session: WriteSession;
  protected readonly reader: ObjectReader;
  readonly #warn = (message: string): void => this.ctx.options.onWarning?.(message);
  #settled = false;

  /** @internal use openStore */
  constructor(layout: StoreLayout, db: IndexDb, file: StoreFile, options: ResolvedStoreOptions) {
    super();
    this.dir = layout.root;
    this.ctx = { layout, db, file, options, packs: new PackFiles(layout, options.decompressionInlineBytes), sequence: 0, check: () => this.check() };
    this.session = new WriteSession(this.ctx);
    this.reader = new ObjectReader(this.ctx, this.session);
  }

  /** The store's directory for temporary files (its packs are written there before they are sealed). */
  get tmpDir(): string {
    return this.ctx.layout.tmp;
  }

  /**
   * A new, empty directory under the store's tmp/ for a command's scratch files (a bundle's
   * spool, blobs on their way to a registry). The caller removes it; what a killed process
   * leaves there goes at the store's next open, and it sits on the store's file system rather
   * than in a /tmp that may be small or in memory.
   */
  async scratchDir(prefix: string): Promise<string> {
    return mkdtemp(join(this.ctx.layout.tmp, prefix));
  }

  /** @internal Brings the index in line with the packs after a crash (see reconcile.ts). */
  async reconcile(): Promise<void> {
    await reconcile(this.ctx);
  }

  /**
   * @internal Checks the store file against the packs, or restores it from them (see
   * store-identity.ts). Only a store whose file is settled writes the listing cache when it
   * closes: a store refused here (another chunker's file) must not vouch for its listing.
   */
  async settleStoreFile(prepared: PreparedStoreFile, requested: ChunkerOptions | undefined): Promise<void> {
    this.ctx.file = await settleStoreFile(this.ctx, prepared, requested, this.#warn);
    this.#settled = true;
  }

  // ---------------------------------------------------------------- writing

  /** Stores a blob description under its blob's digest (uncommitted; one already stored is kept). */
  async putBlobDescription(description: BlobDescription): Promise<void> {
    this.check();
    await this.session.putKeyed(RecordKind.BlobDescription, hexOf(parseDigest(description.digest)), encodeDescription(description));
  }

  /**
   * Chunks, deduplicates and stores one file's content. The records are durable and visible
   * after commit() (putFile commits; the ingest of a tree commits once at the end).
   */
  async putFileUncommitted(source: FileSource, options: PutFileOptions = {}): Promise<PutFileResult> {
    this.check();
    return this.session.putFileUncommitted(source, options);
  }

  /**
   * putFileUncommitted in two steps: resolves once `source` is drained (the store then holds no
   * view of its buffers), with `stored`, which settles once the file's digest is known and its
   * recipe stored. With options.digest computed elsewhere, the caller can read its next file
   * while this one's digest is on its way.
   */
  async putFileDrained(source: FileSource, options: PutFileOptions = {}): Promise<{ stored: Promise<PutFileResult> }> {
    this.check();
    return this.session.putFileDrained(source, options);
  }

  /** The largest file putSmallFilesUncommitted takes (below the chunker's smallest cut: one chunk). */
  get smallFileLimit(): number {
    return this.session.smallFileLimit;
  }

  /**
   * Stores many small files at once (each at most smallFileLimit bytes), as putFileUncommitted
   * stores one, with one index lookup and one append for the batch (new chunks go into chunk
   * groups with other new chunks). Resolves with each file's result, in order (storedBytes
   * settles once drained); visible after commit().
   */
  async putSmallFilesUncommitted(files: readonly Uint8Array[]): Promise<PutFileResult[]> {
    this.check();
    return this.session.putSmallFilesUncommitted(files);
  }

  /** Per hex digest, whether the store holds that chunk, file or layer part: one batched lookup (registry pulls). */
  async holdsMany(kind: 'chunk' | 'file' | 'part', hexes: readonly string[]): Promise<boolean[]> {
    this.check();
    return this.session.holdsMany(kind === 'chunk' ? RecordKind.Chunk : kind === 'file' ? RecordKind.FileRecipe : RecordKind.LayerPart, hexes);
  }

  /** Chunk records as a sender stored them (each checked by the caller; uncommitted): nothing is compressed again. */
  putStoredChunksUncommitted(chunks: Parameters<WriteSession['putStoredChunks']>[0]): Promise<number> {
    return this.session.putStoredChunks(chunks);
  }

  /** A file's recipe, once the caller has checked the file's content against its digest (uncommitted). */
  async putFileRecipeUncommitted(hex: string, recipe: FileRecipe): Promise<void> {
    await this.session.putKeyed(RecordKind.FileRecipe, hex, encodeFileRecipe(recipe));
  }

  /** Waits until every chunk handed to the compressors has been appended to a pack. */
  async drain(): Promise<void> {
    await this.session.drain();
  }

  /** Hands an event to `onProgress`: ingest reports its progress through the store it fills. */
  reportProgress(event: ProgressEvent): void {
    this.ctx.options.onProgress?.(event);
  }

  /** Stores one file (a stream or a path) and commits. */
  async putFile(source: FileSource | string, options: { signal?: AbortSignal; transientSource?: boolean } = {}): Promise<PutFileResult> {
    const stream = typeof source === 'string' ? fileStream(source) : source;
    const result = await this.putFileUncommitted(stream, options);
    await this.commit();
    return result;
  }

  /** Stores a blob (manifest, index or config bytes, verbatim); returns sha256:… */
  async putBlob(bytes: Uint8Array): Promise<string> {
    this.check();
    return DIGEST_PREFIX + (await this.session.putMeta(RecordKind.Blob, bytes));
  }

  /** Stores a layer recipe's root under its DiffID (the caller has computed and checked it, and stored its parts). */
  async putLayerRecipe(diffId: string, root: Pick<LayerRecipeRoot, 'parts'>): Promise<void> {
    this.check();
    const bytes = encodeLayerRoot(root);
    // Identity is the DiffID, not the encoding's digest: the record digest field holds the DiffID.
    await this.session.putKeyed(RecordKind.LayerRecipe, hexOf(parseDigest(diffId)), bytes);
  }

  /** Stores one encoded part of a layer recipe (uncommitted); returns its hex digest. */
  async putLayerPart(bytes: Uint8Array): Promise<string> {
    this.check();
    return this.session.putMeta(RecordKind.LayerPart, bytes);
  }

  /** Stores an image record under its manifest digest. */
  async putImage(record: ImageRecord): Promise<void> {
    this.check();
    await this.session.putKeyed(RecordKind.Image, hexOf(record.manifest), Buffer.from(JSON.stringify(record)));
  }

  /** Seals the open pack and indexes it: everything written so far becomes durable and visible. */
  async commit(): Promise<IngestCommit> {
    return this.session.commit();
  }

  /**
   * Drops everything written since the last commit (a failed ingest): the open pack, and the
   * packs sealed since then that nothing references (see discard.ts).
   */
  async abort(): Promise<void> {
    const sealed = await this.session.abort();
    if (sealed.length === 0) return;
    try {
      await discardPacks(this.ctx, sealed, await reachable(this.reader.reachableSource(() => this.listNames())));
    } catch (error) {
      this.#warn(`the packs of the failed write could not be removed (cairn gc removes them): ${(error as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- names and listing

  /** Points names at an image; written with the next commit. */
  async setNames(names: readonly string[], manifestDigest: string): Promise<void> {
    this.check();
    await setNames(this.session, names, manifestDigest);
  }

  /** Every name and the image it points at. */
  async listNames(): Promise<{ name: string; image: string }[]> {
    this.check();
    return listNames(this.ctx.db);
  }

  /** Every stored image with its config, layers and names (what `cairn ls` shows), in manifest digest order. */
  async listImages(): Promise<ListedImage[]> {
    this.check();
    return imageListing(this.ctx.db, (hex) => this.reader.image(hex));
  }

  /** Manifest digests of every image stored. */
  async listImageDigests(): Promise<string[]> {
    this.check();
    return listDigests(this.ctx.db, RecordKind.Image);
  }

  /** DiffIDs of every layer stored. */
  async listLayerDiffIds(): Promise<string[]> {
    this.check();
    return listDigests(this.ctx.db, RecordKind.LayerRecipe);
  }

  /** Resolves a name, a digest, or a unique digest prefix to a manifest digest. */
  async resolveImage(ref: string): Promise<string> {
    this.check();
    return resolveImage(this.ctx.db, ref);
  }

  /** Resolves a file's content digest or a unique prefix of one (4+ hex digits) to a stored file's digest (sha256:…). */
  async resolveFile(ref: string): Promise<string> {
    this.check();
    return resolveFile(this.ctx.db, ref);
  }

  /** Resolves a DiffID or a unique prefix of one (4+ hex digits) to a stored layer's DiffID. */
  async resolveLayer(ref: string): Promise<string> {
    this.check();
    return resolveLayer(this.ctx.db, ref);
  }

  /** Removes names (not the data: gc reclaims what nothing names). Returns the names removed. */
  async removeNames(names: readonly string[]): Promise<string[]> {
    this.check();
    return removeNames(this.ctx.db, this.session, names);
  }

  /** Counts of objects by kind and the bytes of packs on disk. */
  async stats(): Promise<StoreStats> {
    this.check();
    return storeStats(this.ctx.db);
  }

  // ---------------------------------------------------------------- verify, gc, repair

  /**
   * Reads every pack whole and checks its checksum and structure, reads the whole index and
   * checks that every entry points at a matching record, and checks every reference from names
   * down to chunks. `deep` also decompresses and re-hashes every record.
   */
  async verify(options: { deep?: boolean; signal?: AbortSignal } = {}): Promise<VerifyReport> {
    this.check();
    await this.commit();
    return verifyStore(this.ctx, this.reader.reachableSource(() => this.listNames()), options);
  }

  /** Reclaims what nothing names (see gc.ts); a crash at any point leaves a store that opens and verifies. */
  async gc(options: { signal?: AbortSignal } = {}): Promise<GcReport> {
    this.check();
    await this.commit();
    const live = await reachable(this.reader.reachableSource(() => this.listNames()));
    return collectGarbage(this.ctx, this.session, live, options);
  }

  /**
   * Rebuilds the index from the packs alone (see repair.ts): what checks out in damaged packs is
   * copied into new packs, damaged packs move to STORE/quarantine/, names whose image lacks
   * content are removed, and the report says what was lost.
   */
  async repair(options: { signal?: AbortSignal } = {}): Promise<RepairReport> {
    this.check();
    await this.commit();
    const source = this.reader.reachableSource(() => this.listNames());
    const report = await repairIndex(this.ctx, this.session, { ...source, present: async (kind, hex) => (await source.locate(kind, hex)) !== undefined }, options);
    await restoreStoreFile(this.ctx, this.#warn);
    // A layer that lost content must be read again when next ingested (that heals it).
    if (report.lost.objects.length > 0) await rm(this.ctx.layout.filesCache, { recursive: true, force: true });
    return report;
  }

  /** Closes the store: the open pack is sealed, files and the index closed. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.session.canCommit) await this.commit();
      else await this.abort();
      if (this.#settled) await this.#refreshListing();
    } finally {
      this.closed = true;
      await this.session.close();
      await this.ctx.packs.closeAll();
      await this.ctx.db.close();
    }
  }

  /**
   * Writes the listing cache (listing-cache.cts) for `cairn ls`, stamped with the index as this
   * close leaves it. Speed only: a failure (a full disk, a read-only store) is ignored, and the
   * listing the open made stale stays stale.
   */
  async #refreshListing(): Promise<void> {
    try {
      const known = new Map((readListing(this.dir, { stale: true }) ?? []).map((i) => [i.manifest, i]));
      writeListing(this.dir, await imageListing(this.ctx.db, (hex) => this.reader.image(hex), known));
    } catch {
      // the next close tries again; ls opens the store meanwhile
    }
  }
}
