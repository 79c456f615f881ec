/**
 * A layer's tar stream for the rootfs export's tar reader, made from the layer's recipe
 * without its file data passing through this thread.
 *
 * A recipe is framing (headers, extension records, padding: kept verbatim) and file segments
 * (the data of regular files, stored as chunks). The tar reader needs the framing; the data
 * of a regular file only has to reach the file. So the feed hands the reader the framing as
 * it is and, in place of each file segment, as many placeholder bytes (views of one shared
 * zero buffer) — and sends the segment's chunks, as their places in the packs, to the sink:
 * the disk writer's thread reads them, checks their record headers, decompresses them, adds
 * them to the layer's hash and writes them into the file being written (disk/runner.ts). No
 * chunk's bytes pass through this thread, but a delta-stored file's, which is rebuilt here.
 * Framing goes to the hash too, in stream order, and at the layer's end the sink checks the
 * hash against the DiffID: every byte of the layer is checked, as when the tar is rebuilt
 * (tar/rebuild.ts), but reading, decompressing and hashing run beside the parsing instead of
 * before it.
 *
 * Which file a segment belongs to: the writer claims the segment (`claim`) before it reads
 * the entry's data, and releases it after. Each regular file's data is exactly one file
 * segment (tar/split-tar.ts), so a claim must get one segment of the entry's size and no
 * framing first; anything else is a recipe that does not match its tar (CorruptDataError).
 * Segments read while nothing is claimed (the data of a whiteout, or of an entry the export
 * skips) are hashed only. A claim that needs the real bytes on this thread (sparse files:
 * their map may be in the data) gets them decompressed here, hashed here, and placed by the
 * writer as before.
 *
 * Chunks are located ahead as tar/rebuild.ts reads them (tar/segment-reads.ts): the next
 * files' recipes and chunks while the current one is handed on, small files' chunks many at a
 * time.
 */
import { CorruptDataError } from '../errors.js';
import type { LayerRecipe } from '../recipe/index.js';
import { RecordDecompressor } from '../store/compression.js';
import type { LocatedChunk, StoredChunk } from '../store/index.js';
import { readSegments } from '../tar/segment-reads.js';
import { chunkLength } from '../disk/batches.js';

/** What the feed needs from the store. */
export interface FeedStore {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  locateChunks(digests: readonly string[]): Promise<(LocatedChunk | StoredChunk)[]>;
  /** Chunks' bytes (for a claim that wants them on this thread), unchecked: the DiffID checks them. */
  readChunksUnchecked(digests: readonly string[]): Promise<Uint8Array[]>;
  /** Files up to this size are one chunk whose digest is the file's (see tar/rebuild.ts). */
  readonly smallFileLimit?: number;
}

/** Where the layer's bytes go besides the tar reader. */
export interface FeedSink {
  /** Layer bytes to hash only (framing, and file data read on this thread). */
  hash(bytes: Uint8Array): void | Promise<void>;
  /** A chunk of file data, by its place in a pack or as stored: read, decompressed, hashed, and written at `position` of `file` (when given). */
  chunk(file: number | undefined, position: number, chunk: FeedChunk): void | Promise<void>;
  /** The layer is over: what was hashed since the last layer must be `length` bytes with sha256 `diffId`. */
  endLayer(diffId: string, length: number): void | Promise<void>;
}

/** A chunk as the feed hands it on: where it is in a pack, or (a delta-stored file's content) its bytes. */
export type FeedChunk = LocatedChunk | StoredChunk;

/** The placeholder bytes handed to the reader in place of file data. */
const ZEROS = new Uint8Array(1 << 20);

interface Claim {
  file: number;
  size: number;
  /** The data is wanted on this thread (real bytes, not placeholders). */
  real: boolean;
  segments: number;
}

function* placeholders(length: number): Generator<Uint8Array> {
  for (let left = length; left > 0; left -= ZEROS.length) yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
}

function mismatch(diffId: string, why: string): CorruptDataError {
  return new CorruptDataError(`layer ${diffId}: the layer recipe does not match its tar (${why})`, { digest: diffId });
}

export class RecipeFeed {
  readonly #recipe: LayerRecipe;
  readonly #diffId: string;
  readonly #store: FeedStore;
  readonly #sink: FeedSink;
  #claim: Claim | undefined;
  #decompressor: RecordDecompressor | undefined;

  constructor(recipe: LayerRecipe, diffId: string, store: FeedStore, sink: FeedSink) {
    this.#recipe = recipe;
    this.#diffId = diffId;
    this.#store = store;
    this.#sink = sink;
  }

  /** The next file segment read is the data of `file` (`size` bytes); `real`: hand the reader its real bytes. */
  claim(file: number, size: number, real = false): void {
    this.#claim = { file, size, real, segments: 0 };
  }

  /** Ends the claim; throws CorruptDataError unless it got exactly its one segment. */
  release(): void {
    const claim = this.#claim;
    this.#claim = undefined;
    if (claim && (claim.size > 0 ? claim.segments !== 1 : claim.segments > 1)) throw mismatch(this.#diffId, `a file of ${claim.size} bytes got ${claim.segments} data segments`);
  }

  /** The tar stream with placeholders for file data; the sink gets every byte for real. Drain it to the end. */
  async *bytes(): AsyncGenerator<Uint8Array> {
    const store = this.#store;
    const reads = { getFileRecipe: (hex: string) => store.getFileRecipe(hex), read: (hexes: readonly string[]) => store.locateChunks(hexes), smallFileLimit: store.smallFileLimit };
    for await (const item of readSegments(this.#recipe.segments, reads)) {
      if ('chunks' in item) {
        yield* this.#file(item.segment.length, item.chunks);
        continue;
      }
      const claim = this.#claim;
      if (claim && claim.size > 0 && claim.segments === 0) throw mismatch(this.#diffId, 'file data is in the framing');
      await this.#sink.hash(item.segment.bytes);
      yield item.segment.bytes;
    }
    await this.#sink.endLayer(this.#diffId, this.#recipe.tarLength);
  }

  /** Counts a file segment against the claim, if any; returns it. */
  #claimSegment(length: number): Claim | undefined {
    const claim = this.#claim;
    if (!claim) return undefined;
    if (claim.segments > 0 || length !== claim.size) throw mismatch(this.#diffId, `a file of ${claim.size} bytes has a data segment of ${length}`);
    claim.segments++;
    return claim;
  }

  /**
   * One file segment: its chunks to the sink (or decompressed here), placeholders (or the
   * bytes) to the reader. The placeholders of a file go as one run once its chunks are sent,
   * not one per chunk: the tar reader copies pieces smaller than its read size together, which
   * for placeholders was a zeroed copy of every file's data on this thread.
   */
  async *#file(length: number, chunks: Iterable<FeedChunk> | AsyncIterable<FeedChunk>): AsyncGenerator<Uint8Array> {
    const claim = this.#claimSegment(length);
    let position = 0;
    for await (const chunk of chunks) {
      if (claim?.real) {
        const bytes = await this.#bytesOf(chunk);
        await this.#sink.hash(bytes);
        yield bytes;
      } else {
        await this.#sink.chunk(claim?.file, position, chunk);
      }
      position += chunkLength(chunk);
    }
    if (position !== length) throw mismatch(this.#diffId, `a file segment of ${length} bytes has chunks of ${position}`);
    if (!claim?.real) yield* placeholders(length);
  }

  /** A chunk's bytes on this thread. */
  async #bytesOf(chunk: FeedChunk): Promise<Uint8Array> {
    if (!('payload' in chunk)) return (await this.#store.readChunksUnchecked([`sha256:${chunk.hex}`]))[0]!;
    return chunk.zstd ? (this.#decompressor ??= new RecordDecompressor()).decompress(chunk.payload, chunk.length) : chunk.payload;
  }
}
