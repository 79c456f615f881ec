/**
 * The read path: objects by kind and hex digest, every byte checked (chunks and blobs against
 * their digest, keyed records against their trailing checksum), and chunks in bulk unchecked.
 */
import { CorruptDataError, NotFoundError } from '../errors.js';
import { DIGEST_PREFIX, sha256Hex } from '../digest.js';
import { Codec, RecordKind, checkLocationBounds, type RecordLocation } from '../pack/index.js';
import {
  decodeFileRecipe, decodeLayerRoot, openLayerRecipe, unsealRecord,
  type FileRecipe, type ImageRecord, type LayerRecipe, type LayerRecipeRoot,
} from '../recipe/index.js';
import type { StoreContext } from './context.js';
import { KIND_NAMES, decodeLocation, objectKey } from './keys.js';
import { packPath } from './layout.js';
import type { WriteSession } from './write-path.js';
import type { ReachableSource } from './reachable.js';
import { decodeDescription, type BlobDescription } from '../reblob/description.js';
import { FileDeltaAccess, FileDeltas } from './file-deltas.js';


export class ObjectReader {
  readonly #ctx: StoreContext;
  readonly #session: WriteSession;
  /** Files stored as deltas (record kind 11): rebuilt where a chunk or a recipe is asked for. */
  readonly deltas: FileDeltas;
  /** What Store.fileDeltas hands out: deltas written, chains, costs. */
  readonly deltaAccess: FileDeltaAccess;
  /**
   * Pack file paths by pack id, as chunksLocated hands them out: a store has few packs and an
   * export locates every chunk, where joining the path each time showed in its profile.
   */
  readonly #packPaths = new Map<string, string>();

  constructor(ctx: StoreContext, session: WriteSession) {
    this.#ctx = ctx;
    this.#session = session;
    this.deltas = new FileDeltas(ctx, {
      locate: (kind, hex) => session.locate(kind, hex),
      flushIfPending: (kind, hex) => session.flushIfPending(kind, hex),
      storedFileRecipe: (hex) => this.storedFileRecipe(hex),
      chunks: (hexes, check) => this.chunks(hexes, check),
      chunksStored: (hexes) => this.chunksStored(hexes),
    });
    this.deltaAccess = new FileDeltaAccess(this.deltas, (hex, delta) => session.putMeta(RecordKind.FileDelta, delta, hex), {
      locate: (kind, hex) => session.locate(kind, hex), storedFileRecipe: (hex) => this.storedFileRecipe(hex),
    });
  }

  /** Reads an object and checks its digest. */
  async getVerified(kind: RecordKind, hex: string): Promise<Buffer> {
    await this.#session.flushIfPending(kind, hex);
    const location = await this.#session.locate(kind, hex);
    if (!location && kind === RecordKind.Chunk) return this.deltas.missingChunk(hex);
    if (!location) throw new NotFoundError(`no ${KIND_NAMES[kind]} sha256:${hex} in the store`, { digest: DIGEST_PREFIX + hex });
    const bytes = await this.#ctx.packs.readRecord(location, hex);
    if (sha256Hex(bytes) !== hex) {
      throw new CorruptDataError(`${KIND_NAMES[kind]} sha256:${hex} in pack ${location.pack} is corrupt (digest mismatch)`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset,
      });
    }
    return bytes;
  }

  /** Reads a keyed object (see WriteSession.putKeyed) and checks its trailing checksum. */
  async getKeyed(kind: RecordKind, hex: string): Promise<Buffer> {
    await this.#session.flushIfPending(kind, hex);
    const location = await this.#session.locate(kind, hex);
    if (!location) throw new NotFoundError(`no ${KIND_NAMES[kind]} sha256:${hex} in the store`, { digest: DIGEST_PREFIX + hex });
    const body = unsealRecord(await this.#ctx.packs.readRecord(location, hex));
    if (!body) {
      throw new CorruptDataError(`${KIND_NAMES[kind]} sha256:${hex} in pack ${location.pack} is corrupt (checksum mismatch)`, {
        digest: DIGEST_PREFIX + hex, pack: location.pack, offset: location.offset,
      });
    }
    return body;
  }

  /** A file's recipe as readers use it: a delta-stored file's is one chunk, the whole file (see file-deltas.ts). */
  async fileRecipe(hex: string): Promise<FileRecipe> {
    return (await this.deltas.recipeView(hex)) ?? this.storedFileRecipe(hex);
  }

  /** The file recipe record as stored (kind 2). */
  async storedFileRecipe(hex: string): Promise<FileRecipe> {
    return decodeFileRecipe(await this.getKeyed(RecordKind.FileRecipe, hex));
  }

  /** A layer recipe's root (the list of its parts). */
  async layerRoot(hex: string): Promise<LayerRecipeRoot> {
    return decodeLayerRoot(await this.getKeyed(RecordKind.LayerRecipe, hex));
  }

  /** A layer recipe: its root is read now, its parts as its segments are iterated. */
  async layerRecipe(hex: string): Promise<LayerRecipe> {
    // getVerified compares each part with its digest: openLayerRecipe does not hash it again.
    return openLayerRecipe(await this.layerRoot(hex), (part) => this.getVerified(RecordKind.LayerPart, part), true);
  }

  async image(hex: string): Promise<ImageRecord> {
    const bytes = await this.getKeyed(RecordKind.Image, hex);
    return JSON.parse(bytes.toString('utf8')) as ImageRecord;
  }

  /** A blob description (record kind 10); throws when it does not parse. */
  async blobDescription(hex: string): Promise<BlobDescription> {
    return decodeDescription(await this.getKeyed(RecordKind.BlobDescription, hex));
  }

  /** What the walk from names to chunks reads (verify, gc, repair). */
  reachableSource(names: ReachableSource['names']): ReachableSource {
    return {
      names,
      locate: (kind, hex) => this.#session.locate(kind, hex),
      image: (hex) => this.image(hex),
      layerRoot: (hex) => this.layerRoot(hex),
      layerPart: (hex) => this.getVerified(RecordKind.LayerPart, hex),
      layerRecipe: (hex) => this.layerRecipe(hex),
      fileRecipe: (hex) => this.storedFileRecipe(hex),
      fileDelta: async (hex, rebuild) => {
        if (!(await this.deltas.any())) return undefined;
        const stored = await this.deltas.read(hex);
        if (stored && rebuild) await this.deltas.content(hex);
        return stored?.base;
      },
      blobDescription: (hex) => this.blobDescription(hex),
    };
  }

  /**
   * Several chunks at once: one index lookup for all, reads in parallel. With `check`, each
   * chunk's sha256 is compared with its digest as it arrives, and a mismatch throws
   * CorruptDataError naming the chunk and its pack before any chunk is returned. With
   * `offThread` (unchecked reads only), a large batch decompresses on a worker thread while
   * this one carries on (PackFiles.readRecordsOffThread).
   */
  async chunks(hexes: readonly string[], check: boolean, offThread = false): Promise<Buffer[]> {
    return this.#chunkRecords(hexes, async (wanted) => {
      // Neighbouring records (a batch of small files' chunks) are read together.
      const chunks = await (offThread && !check ? this.#ctx.packs.readRecordsOffThread(wanted) : this.#ctx.packs.readRecords(wanted));
      if (check) {
        for (const [i, { location, hex }] of wanted.entries()) {
          if (sha256Hex(chunks[i]!) !== hex) throw chunkMismatch(hex, location.pack, location.offset);
        }
      }
      return chunks;
    }, (content) => content);
  }

  /**
   * Several chunks as stored, not decompressed nor checked: for a reader that decompresses
   * them elsewhere (another thread) and checks the bytes another way (a layer's DiffID).
   */
  async chunksStored(hexes: readonly string[]): Promise<StoredChunk[]> {
    return this.#chunkRecords(hexes, async (wanted) => {
      const payloads = await this.#ctx.packs.readRecords(wanted, false);
      // A group member comes decoded (PackFiles.readRecords).
      return wanted.map(({ location }, i) => location.member
        ? { payload: payloads[i]!, zstd: false, length: location.member.length }
        : { payload: payloads[i]!, zstd: location.codec !== Codec.Raw, length: location.uncompressedLength });
    }, (content) => ({ payload: content, zstd: false, length: content.length }));
  }

  /**
   * Several chunks' places in their packs, with one index lookup and no read: for a reader on
   * another thread that reads, decompresses and checks them itself (the rootfs export's writer,
   * which checks the layer's DiffID). A chunk that is no record of a pack (a delta-stored
   * file's content, rebuilt here) comes as its bytes.
   */
  async chunksLocated(hexes: readonly string[]): Promise<(LocatedChunk | StoredChunk)[]> {
    return this.#chunkRecords<LocatedChunk | StoredChunk>(hexes, async (wanted) => wanted.map(({ location, hex }) => {
      if (location.pack === '') throw new Error('record is in the open pack');
      // As every read checks a location before it reads or allocates (pack-files.ts).
      checkLocationBounds(location);
      return { path: this.#packPath(location.pack), location, hex };
    }), (content) => ({ payload: content, zstd: false, length: content.length }));
  }

  #packPath(id: string): string {
    let path = this.#packPaths.get(id);
    if (path === undefined) {
      path = packPath(this.#ctx.layout, id);
      this.#packPaths.set(id, path);
    }
    return path;
  }

  /**
   * Chunk records found with one index lookup and read by `read`; a hex that is no chunk record
   * may be a delta-stored file's whole content (file-deltas.ts): rebuilt, checked, and handed to `whole`.
   */
  async #chunkRecords<T>(hexes: readonly string[], read: (wanted: { location: RecordLocation; hex: string }[]) => Promise<T[]>, whole: (content: Buffer) => T): Promise<T[]> {
    await this.#session.flushIfPending(RecordKind.Chunk, hexes);
    const values = await this.#ctx.db.lookupMany(hexes.map((hex) => objectKey(RecordKind.Chunk, hex)));
    const wanted: { location: RecordLocation; hex: string }[] = [];
    const at: number[] = [];
    values.forEach((value, i) => {
      if (!value) return;
      wanted.push({ location: decodeLocation(value), hex: hexes[i]! });
      at.push(i);
    });
    const out = new Array<T>(hexes.length);
    const records = wanted.length > 0 ? await read(wanted) : [];
    records.forEach((record, j) => { out[at[j]!] = record; });
    if (wanted.length < hexes.length) {
      await Promise.all(hexes.map(async (hex, i) => { if (!values[i]) out[i] = whole(await this.deltas.missingChunk(hex)); }));
    }
    return out;
  }
}

/** Where a chunk record is: the pack file's path, the record's place in it, the chunk's sha256 (hex). */
export interface LocatedChunk {
  path: string;
  location: RecordLocation;
  hex: string;
}

/** A chunk as its pack holds it: zstd (`zstd`) or raw, `length` bytes once decompressed. */
export interface StoredChunk {
  payload: Buffer;
  zstd: boolean;
  length: number;
}

function chunkMismatch(hex: string, pack: string, offset: number): CorruptDataError {
  return new CorruptDataError(`chunk sha256:${hex} in pack ${pack} is corrupt (digest mismatch)`, {
    digest: DIGEST_PREFIX + hex, pack, offset,
  });
}
