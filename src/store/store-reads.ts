/**
 * The read half of Store (store.ts): checked reads of chunks, files, blobs, layer recipes and
 * images, and whether the store holds them. Store adds writing, names, listings and
 * maintenance on the same context, write session and reader.
 */
import { AbortedError, StoreClosedError } from '../errors.js';
import { hexOf, parseDigest } from '../digest.js';
import type { ChunkerIdentity, ChunkerParams } from '../chunker/index.js';
import { RecordKind } from '../pack/index.js';
import type { FileRecipe, ImageRecord, LayerRecipe } from '../recipe/index.js';
import type { BlobDescription } from '../reblob/description.js';
import type { StoreContext } from './context.js';
import type { FileDeltaAccess } from './file-deltas.js';
import type { LocatedChunk, ObjectReader, StoredChunk } from './read-path.js';
import { storeChunkerParams } from './store-file.js';
import type { WriteSession } from './write-path.js';

export abstract class StoreReads {
  protected abstract readonly ctx: StoreContext;
  protected abstract readonly session: WriteSession;
  protected abstract readonly reader: ObjectReader;
  protected closed = false;

  /** The chunker this store cuts with. */
  get chunkerIdentity(): ChunkerIdentity {
    return this.ctx.file.chunker;
  }

  get chunkerParams(): ChunkerParams {
    return storeChunkerParams(this.ctx.file);
  }

  protected check(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** Whether the object `digest` (sha256:… of kind `kind`) is stored, in the open pack or indexed. */
  protected async holds(kind: RecordKind, digest: string): Promise<boolean> {
    this.check();
    return (await this.session.locate(kind, hexOf(digest))) !== undefined;
  }


  /** The recipe of a stored file. */
  async getFileRecipe(digest: string): Promise<FileRecipe> {
    this.check();
    return this.reader.fileRecipe(hexOf(parseDigest(digest)));
  }

  async hasFile(digest: string): Promise<boolean> {
    return this.holds(RecordKind.FileRecipe, parseDigest(digest));
  }

  async hasChunk(digest: string): Promise<boolean> {
    return this.holds(RecordKind.Chunk, parseDigest(digest));
  }

  /** Size and chunk count of a stored file (a delta-stored file counts as one chunk). */
  async stat(digest: string): Promise<{ digest: string; size: number; chunks: number }> {
    const { size, chunks } = await this.getFileRecipe(digest);
    return { digest: parseDigest(digest), size, chunks: chunks.length };
  }

  /** Reads a chunk's bytes (digest `sha256:<hex>` or bare hex), checking its digest (a mismatch names the chunk and its pack). */
  async readChunk(digest: string): Promise<Buffer> {
    return this.reader.getVerified(RecordKind.Chunk, hexOf(parseDigest(digest)));
  }

  /**
   * A stored file's content, chunk by chunk, as it is pulled. Every chunk is checked against
   * its digest; a corrupt chunk fails with CorruptDataError naming the chunk and the pack.
   */
  async *readFile(digest: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    this.check();
    const hex = hexOf(parseDigest(digest));
    const recipe = await this.getFileRecipe(hex);
    for (const ref of recipe.chunks) {
      if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
      this.check();
      yield await this.readChunk(ref.digest);
    }
  }

  /**
   * Several chunks at once (`sha256:<hex>` or bare hex): one index lookup for all, reads in
   * parallel, each chunk checked against its digest (CorruptDataError naming chunk and pack).
   */
  async readChunks(digests: readonly string[]): Promise<Buffer[]> {
    this.check();
    return this.reader.chunks(digests.map(hexOf), true);
  }

  /**
   * As readChunks, unchecked: for callers that check the bytes another way (a layer's DiffID).
   * A large batch decompresses on a worker thread, so that the caller's next reads and its
   * hashing run beside it.
   */
  async readChunksUnchecked(digests: readonly string[]): Promise<Buffer[]> {
    this.check();
    return this.reader.chunks(digests.map(hexOf), false, true);
  }

  /**
   * Chunks as their packs hold them (zstd or raw), neither decompressed nor checked: for
   * readers that decompress on another thread and check the result another way (rootfs
   * export checks each layer's DiffID).
   */
  async readChunksStored(digests: readonly string[]): Promise<StoredChunk[]> {
    this.check();
    return this.reader.chunksStored(digests.map(hexOf));
  }

  /**
   * @internal Several chunks' places in their packs, not read (a chunk that is no pack record
   * comes as its bytes): for the rootfs export's writer thread, which reads and decompresses
   * them itself and checks each layer's DiffID.
   */
  async locateChunks(digests: readonly string[]): Promise<(LocatedChunk | StoredChunk)[]> {
    this.check();
    return this.reader.chunksLocated(digests.map(hexOf));
  }

  async getBlob(digest: string): Promise<Buffer> {
    this.check();
    return this.reader.getVerified(RecordKind.Blob, hexOf(parseDigest(digest)));
  }

  async hasBlob(digest: string): Promise<boolean> {
    return this.holds(RecordKind.Blob, parseDigest(digest));
  }

  async getLayerRecipe(diffId: string): Promise<LayerRecipe> {
    this.check();
    return this.reader.layerRecipe(hexOf(parseDigest(diffId, 'DiffID')));
  }

  async hasLayer(diffId: string): Promise<boolean> {
    return this.holds(RecordKind.LayerRecipe, parseDigest(diffId, 'DiffID'));
  }

  /** The encoding of a stored layer recipe part (checked against its digest). */
  async getLayerPart(digest: string): Promise<Buffer> {
    this.check();
    return this.reader.getVerified(RecordKind.LayerPart, hexOf(parseDigest(digest)));
  }

  async hasLayerPart(digest: string): Promise<boolean> {
    return this.holds(RecordKind.LayerPart, parseDigest(digest));
  }

  async getImage(manifestDigest: string): Promise<ImageRecord> {
    this.check();
    return this.reader.image(hexOf(parseDigest(manifestDigest)));
  }

  /**
   * How the compressed layer blob `digest` is rebuilt from its tar (record kind 10), or
   * undefined when the store has no description of it (a store written before they existed).
   */
  async getBlobDescription(digest: string): Promise<BlobDescription | undefined> {
    this.check();
    const hex = hexOf(parseDigest(digest));
    if (!(await this.session.locate(RecordKind.BlobDescription, hex))) return undefined;
    return this.reader.blobDescription(hex);
  }

  /** Files stored as deltas (record kind 11): written, chain depth, cost (file-deltas.ts; src/versions writes them). */
  get fileDeltas(): FileDeltaAccess {
    this.check();
    return this.reader.deltaAccess;
  }
}
