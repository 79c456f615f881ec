/**
 * Files stored as deltas (record kind 11, "file delta"): a file whose content is rebuilt from
 * another stored file (its base) and a delta made by cairn's codec (src/delta). The record is
 * named by the sha256 of the file it rebuilds, like a chunk of the whole file, and holds the
 * codec's container verbatim (it names the base's sha256 and length, the target's, and ends
 * with a CRC-32). The file keeps its file recipe (kind 2: what ingest dedups against), but
 * while a delta record exists the delta is how the file is read: the recipe then stands for
 * one chunk, the whole file, whose digest is the file's and which this module rebuilds.
 *
 * Chains are bounded: a delta's base is at most MAX_DELTA_DEPTH - 1 deltas deep (see
 * docs/store-format.md, "File delta"). Reads rebuild the chain from its full root; rebuilt
 * files are kept in a small cache (DECODED_CACHE_BYTES), so that a layer's export, or the next
 * versions of a file, decode each base once.
 */
import { createHash } from 'node:crypto';
import { CairnError, CorruptDataError, NotFoundError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import type { DeltaInfo } from '../delta/index.js';
import { RecordKind, type RecordLocation } from '../pack/index.js';
import type { FileRecipe } from '../recipe/index.js';
import { RecordDecompressor } from './compression.js';
import { kindRange } from './keys.js';

/** The delta codec, loaded when first used: it loads zstd, which a store without deltas (a listing) never needs. */
const codec = () => import('../delta/index.js');
type Codec = Awaited<ReturnType<typeof codec>>;
import type { StoreContext } from './context.js';

/** A file stored as a delta is at most this many deltas from a fully stored file. */
export const MAX_DELTA_DEPTH = 3;
/** Rebuilt files kept for the next reads (a layer's export, the next version of a file). */
const DECODED_CACHE_BYTES = 160 * 1024 * 1024;
/** Chunks of a file read at once. */
const CHUNK_BATCH = 64;
/** Files larger than this are rebuilt each time they are read. */
const DECODED_CACHE_ENTRY = 64 * 1024 * 1024;

/** What this module reads through (the object reader's methods; no import of it, no cycle). */
export interface DeltaReadSource {
  locate(kind: RecordKind, hex: string): Promise<RecordLocation | undefined>;
  flushIfPending(kind: RecordKind, hex: string): Promise<void>;
  storedFileRecipe(hex: string): Promise<FileRecipe>;
  chunks(hexes: readonly string[], check: boolean): Promise<Buffer[]>;
  /** Chunks as stored, not decompressed nor checked (a delta-stored one: its content, raw). */
  chunksStored(hexes: readonly string[]): Promise<StoredChunk[]>;
}

/** A chunk as its pack holds it: zstd (`zstd`) or raw, `length` bytes once decompressed. */
interface StoredChunk {
  payload: Buffer;
  zstd: boolean;
  length: number;
}

/** A delta record as read: the codec's container, and what its header declares. */
export interface StoredDelta {
  delta: Buffer;
  info: DeltaInfo;
  /** 64 hex of the base file */
  base: string;
}

export class FileDeltas {
  readonly #ctx: StoreContext;
  readonly #source: DeltaReadSource;
  #any: Promise<boolean> | undefined;
  readonly #cache = new Map<string, Buffer>();
  readonly #decompressor = new RecordDecompressor();
  #cacheBytes = 0;
  /** The last delta record read (see read()). */
  #lastRead: { hex: string; pack: string; offset: number; stored: StoredDelta } | undefined;

  constructor(ctx: StoreContext, source: DeltaReadSource) {
    this.#ctx = ctx;
    this.#source = source;
  }

  /** Whether the store holds any file delta (looked up once per open; set when one is written). */
  async any(): Promise<boolean> {
    this.#any ??= (async () => {
      for await (const _ of this.#ctx.db.keys({ ...kindRange(RecordKind.FileDelta), limit: 1 })) return true;
      return false;
    })();
    return this.#any;
  }

  /** A delta was written: reads look for deltas from now on. */
  noteWritten(): void {
    this.#any = Promise.resolve(true);
  }

  /** Every file stored as a delta (64 hex). */
  async deltaFiles(): Promise<string[]> {
    const out: string[] = [];
    const prefix = kindRange(RecordKind.FileDelta);
    for await (const key of this.#ctx.db.keys(prefix)) out.push(key.slice(key.lastIndexOf(':') + 1));
    return out;
  }

  /** Whether the file `hex` is stored as a delta. */
  async isDelta(hex: string): Promise<boolean> {
    return (await this.any()) && (await this.#source.locate(RecordKind.FileDelta, hex)) !== undefined;
  }

  /** Reads a delta record and checks its container (CRC-32, target digest); undefined when there is none. */
  async read(hex: string): Promise<StoredDelta | undefined> {
    await this.#source.flushIfPending(RecordKind.FileDelta, hex);
    const location = await this.#source.locate(RecordKind.FileDelta, hex);
    if (!location) return undefined;
    // A read of a file asks for its record twice (its recipe's view, then its content): the
    // record as checked the first time, while it is where it was.
    const last = this.#lastRead;
    if (last?.hex === hex && last.pack === location.pack && last.offset === location.offset) return last.stored;
    const stored = await this.#readAt(hex, location);
    this.#lastRead = { hex, pack: location.pack, offset: location.offset, stored };
    return stored;
  }

  async #readAt(hex: string, location: RecordLocation): Promise<StoredDelta> {
    const delta = await this.#ctx.packs.readRecord(location, hex);
    const { inspectDelta } = await codec();
    let info: DeltaInfo;
    try {
      info = inspectDelta(delta);
    } catch (error) {
      throw corrupt(hex, location, (error as Error).message);
    }
    if (info.targetSha256 !== DIGEST_PREFIX + hex) throw corrupt(hex, location, `it rebuilds ${info.targetSha256}`);
    return { delta, info, base: info.baseSha256.slice(DIGEST_PREFIX.length) };
  }

  /** How many deltas the file is from a fully stored one (0: not a delta). */
  async depth(hex: string): Promise<number> {
    let depth = 0;
    for (let at = hex; ; depth++) {
      if (depth > MAX_DELTA_DEPTH) throw new CorruptDataError(`file sha256:${hex} is more than ${MAX_DELTA_DEPTH} deltas deep`, { digest: DIGEST_PREFIX + hex });
      const stored = await this.read(at);
      if (!stored) return depth;
      at = stored.base;
    }
  }

  /** The file's recipe as readers see it: a delta-stored file is one chunk, itself. */
  async recipeView(hex: string): Promise<FileRecipe | undefined> {
    if (!(await this.any())) return undefined;
    const stored = await this.read(hex);
    if (!stored) return undefined;
    return { size: stored.info.targetLength, chunks: stored.info.targetLength > 0 ? [{ digest: hex, length: stored.info.targetLength }] : [] };
  }

  /** A whole file's content (rebuilt from its delta chain, or read from its chunks), checked against its digest. */
  async content(hex: string, depth = 0): Promise<Buffer> {
    const cached = this.#cache.get(hex);
    if (cached) {
      this.#cache.delete(hex); // most recently used last
      this.#cache.set(hex, cached);
      return cached;
    }
    if (depth > MAX_DELTA_DEPTH) throw new CorruptDataError(`file sha256:${hex}: its delta chain is longer than ${MAX_DELTA_DEPTH}`, { digest: DIGEST_PREFIX + hex });
    const stored = await this.read(hex);
    let bytes: Buffer;
    if (stored) {
      bytes = (await this.#onPlacedRoot(hex, stored)) ?? this.#decode(hex, stored, await this.content(stored.base, depth + 1), await codec());
    } else {
      const { recipe, chunks } = await this.#storedChunks(hex);
      bytes = Buffer.allocUnsafe(recipe.size);
      if (!this.#decompress(hex, chunks, bytes)) await this.#nameDamage(hex);
    }
    this.#remember(hex, bytes);
    return bytes;
  }

  /** The file rebuilt from its delta and its base, which was checked against its digest (the delta's base digest: read() derives one from the other). */
  #decode(hex: string, stored: StoredDelta, base: Uint8Array, { decodeDelta }: Codec): Buffer {
    try {
      // read() inspected the record's container (its CRC-32) and kept the bytes it checked.
      const out = decodeDelta(base, stored.delta, { maxTargetLength: stored.info.targetLength, baseChecked: true, crcChecked: true });
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    } catch (error) {
      throw new CorruptDataError(`file delta sha256:${hex} does not rebuild its file: ${(error as Error).message}`, { digest: DIGEST_PREFIX + hex, cause: error });
    }
  }

  /**
   * The file rebuilt from an sa delta whose base is stored as chunks and not cached: the base
   * decompressed straight into the delta kernel's memory (placeSaBase), where a base of its own
   * would be fresh memory (a page fault per 4 KiB, src/scratch.ts) and a copy into the kernel.
   * Such a base is not cached nor handed to anyone, so it is not hashed: the target's own digest,
   * checked by the decode, proves what is returned whatever the base held. Only when that check
   * fails is the base read again checked, so that a damaged chunk of it is named rather than
   * the delta. Nothing awaits between placing the base and the decode, so that no other decode
   * takes the kernel's memory. Undefined where this does not apply.
   */
  async #onPlacedRoot(hex: string, stored: StoredDelta): Promise<Buffer | undefined> {
    const delta = await codec();
    if (delta.deltaMethodOf(stored.delta) !== 'sa' || this.#cache.has(stored.base)) return undefined;
    if (await this.#source.locate(RecordKind.FileDelta, stored.base)) return undefined;
    const { recipe, chunks } = await this.#storedChunks(stored.base);
    if (recipe.size !== stored.info.baseLength || this.#cache.has(stored.base)) return undefined;
    const place = delta.placeSaBase(recipe.size);
    if (!place) return undefined;
    if (!this.#decompress(stored.base, chunks, place, false)) await this.#nameDamage(stored.base);
    try {
      return this.#decode(hex, stored, place, delta);
    } catch (error) {
      if (!(error instanceof CorruptDataError)) throw error;
      await this.#checkWhole(stored.base);
      throw error;
    }
  }

  /** A stored file's recipe and its chunks as stored (compressed), read in batches. */
  async #storedChunks(hex: string): Promise<{ recipe: FileRecipe; chunks: StoredChunk[] }> {
    const recipe = await this.#source.storedFileRecipe(hex);
    const chunks: StoredChunk[] = [];
    for (const batch of batchesOf(recipe)) chunks.push(...await this.#source.chunksStored(batch));
    return { recipe, chunks };
  }

  /**
   * A file's chunks decompressed into `into`, each straight into its place (no buffer per
   * chunk, no copy to join them), unchecked one by one but checked whole against the file's
   * digest: whether they make the file.
   */
  #decompress(hex: string, chunks: readonly StoredChunk[], into: Uint8Array, check = true): boolean {
    try {
      let at = 0;
      for (const chunk of chunks) {
        if (chunk.length > into.length - at) return false;
        const place = into.subarray(at, at + chunk.length);
        if (chunk.zstd) this.#decompressor.decompressInto(place, chunk.payload);
        else if (chunk.payload.length === chunk.length) place.set(chunk.payload);
        else return false;
        at += chunk.length;
      }
      return at === into.length && (!check || sha256Hex(into) === hex);
    } catch (error) {
      if (error instanceof CairnError && !(error instanceof CorruptDataError)) throw error;
      return false;
    }
  }

  /** Chunks that did not make their file: read again checked, which names a damaged chunk; else the file is named. */
  async #nameDamage(hex: string): Promise<never> {
    await this.#checkWhole(hex);
    throw new CorruptDataError(`file sha256:${hex} does not match its digest`, { digest: DIGEST_PREFIX + hex });
  }

  /** A file stored as chunks read again, each chunk checked (a damaged one is named) and the whole against its digest. */
  async #checkWhole(hex: string): Promise<void> {
    const whole = createHash('sha256');
    for (const batch of batchesOf(await this.#source.storedFileRecipe(hex))) for (const chunk of await this.#source.chunks(batch, true)) whole.update(chunk);
    if (whole.digest('hex') !== hex) throw new CorruptDataError(`file sha256:${hex} does not match its digest`, { digest: DIGEST_PREFIX + hex });
  }

  #remember(hex: string, bytes: Buffer): void {
    if (bytes.length > DECODED_CACHE_ENTRY) return;
    this.#cache.set(hex, bytes);
    this.#cacheBytes += bytes.length;
    for (const [key, value] of this.#cache) {
      if (this.#cacheBytes <= DECODED_CACHE_BYTES) break;
      this.#cache.delete(key);
      this.#cacheBytes -= value.length;
    }
  }

  /** Chunks that are not chunk records: the whole files of delta-stored files, rebuilt. */
  async missingChunk(hex: string): Promise<Buffer> {
    if (!(await this.#source.locate(RecordKind.FileDelta, hex))) {
      throw new NotFoundError(`chunk sha256:${hex} is missing from the store`, { digest: DIGEST_PREFIX + hex });
    }
    return this.content(hex);
  }
}

/** A recipe's chunk digests, CHUNK_BATCH at a time. */
function* batchesOf(recipe: FileRecipe): Generator<string[]> {
  for (let i = 0; i < recipe.chunks.length; i += CHUNK_BATCH) yield recipe.chunks.slice(i, i + CHUNK_BATCH).map((c) => c.digest);
}

function corrupt(hex: string, location: RecordLocation, why: string): CorruptDataError {
  return new CorruptDataError(`file delta sha256:${hex} in pack ${location.pack} is corrupt (${why})`, {
    digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset,
  });
}

/** What the versions pass (src/versions) needs of the store's file deltas: Store.fileDeltas. */
export class FileDeltaAccess {
  readonly #deltas: FileDeltas;
  readonly #putMeta: (hex: string, delta: Uint8Array) => Promise<unknown>;
  readonly #locate: DeltaReadSource['locate'];
  readonly #storedRecipe: (hex: string) => Promise<FileRecipe>;

  /** @internal made by the Store */
  constructor(deltas: FileDeltas, putMeta: (hex: string, delta: Uint8Array) => Promise<unknown>, source: Pick<DeltaReadSource, 'locate' | 'storedFileRecipe'>) {
    this.#deltas = deltas;
    this.#putMeta = putMeta;
    this.#locate = source.locate;
    this.#storedRecipe = source.storedFileRecipe;
  }

  /** Stores the file `hex` (64 hex) as `delta` (the codec's container, made against a stored file); uncommitted. */
  async put(hex: string, delta: Uint8Array): Promise<void> {
    const info = (await codec()).inspectDelta(delta);
    if (info.targetSha256 !== DIGEST_PREFIX + hex) throw new CorruptDataError(`a delta for sha256:${hex} rebuilds ${info.targetSha256}`);
    await this.#putMeta(hex, delta);
    this.#deltas.noteWritten();
  }

  /** Whether the file is stored as a delta (one index lookup; none in a store that holds no delta). */
  isDelta(hex: string): Promise<boolean> {
    return this.#deltas.isDelta(hex);
  }

  /** How many deltas the file is from a fully stored one (0: stored as chunks). */
  depth(hex: string): Promise<number> {
    return this.#deltas.depth(hex);
  }

  /** Every file stored as a delta (64 hex). */
  list(): Promise<string[]> {
    return this.#deltas.deltaFiles();
  }

  /** The files the file's content is rebuilt from, nearest base first (empty: stored as chunks). */
  async chain(hex: string): Promise<string[]> {
    const out: string[] = [];
    for (let stored = await this.#deltas.read(hex); stored; stored = await this.#deltas.read(stored.base)) {
      if (out.length >= MAX_DELTA_DEPTH) throw new CorruptDataError(`file sha256:${hex} is more than ${MAX_DELTA_DEPTH} deltas deep`, { digest: DIGEST_PREFIX + hex });
      out.push(stored.base);
    }
    return out;
  }

  /** Every file some delta is made against (each delta record is read). */
  async bases(): Promise<Set<string>> {
    const out = new Set<string>();
    if (!(await this.#deltas.any())) return out;
    for (const hex of await this.#deltas.deltaFiles()) {
      const stored = await this.#deltas.read(hex);
      if (stored) out.add(stored.base);
    }
    return out;
  }

  /** The file's content, whole (rebuilt when it is a delta; cached for the next versions). */
  content(hex: string): Promise<Buffer> {
    return this.#deltas.content(hex);
  }

  /** The file's recipe record as ingest stored it (its chunks, whether or not it is a delta now: gc may have reclaimed them). */
  storedRecipe(hex: string): Promise<FileRecipe> {
    return this.#storedRecipe(hex);
  }

  /** The chunk digests of the file's recipe record (as stored, whether or not it is a delta now). */
  async chunkDigests(hex: string): Promise<string[]> {
    return (await this.#storedRecipe(hex)).chunks.map((c) => c.digest);
  }

  /**
   * Bytes the chunk records take in packs (compressed, with their 44-byte headers; a chunk in a
   * group its share of the group's record, by length); absent chunks count 0.
   */
  async chunkRecordBytes(hexes: Iterable<string>): Promise<number> {
    let total = 0;
    for (const hex of hexes) {
      const location = await this.#locate(RecordKind.Chunk, hex);
      if (!location) continue;
      const record = location.storedLength + 44;
      total += location.member ? Math.round((record * location.member.length) / Math.max(1, location.uncompressedLength)) : record;
    }
    return total;
  }
}
