/**
 * Stores one layer while its parts go by: framing runs are kept verbatim in the layer recipe,
 * files (payloads, and framing runs too long to keep inline; see layer-parts.ts) are chunked
 * into the store, and the DiffID (sha256 of the whole tar) is computed on the way. The recipe
 * is written part by part as it fills (recipe/layer-stream.ts), so memory stays bounded
 * whatever the layer's file count. Uncommitted: the caller stores the root (putLayerRecipe)
 * and commits with the image.
 */
import { AbortedError, BadInputError } from '../errors.js';
import { DIGEST_PREFIX } from '../digest.js';
import type { Store, PutFileResult } from '../store/index.js';
import { LayerRecipeBuilder, type EncodedLayerPart, type LayerRecipeRoot, type LayerSegment } from '../recipe/index.js';
import { layerPieces, type LayerPart } from './layer-parts.js';
import { StreamHasher } from './stream-hasher.js';

export interface LayerStats {
  diffId: string;
  tarBytes: number;
  files: number;
  chunks: number;
  newChunks: number;
  storedBytes: number;
}

/** Files up to this size are read whole and stored while the next ones are read. */
const SMALL_FILE = 64 * 1024;
/** Small files go to the store in batches of at most this many files, or this many bytes held (see IN_FLIGHT_BYTES). */
const BATCH_FILES = 1024;
const BATCH_BYTES = 1 << 20;
/**
 * Batches (or files) being stored at once are bounded by the memory they hold, not by their
 * count: their files' bytes, their framing (a tar header per file, and its padding), and per
 * file the objects that describe it until its segment joins the recipe (IN_FLIGHT_FILE). A
 * batch closes at BATCH_BYTES so counted. Counting batches instead (8 at a time) let 8,192
 * files of 0-100 bytes hold 12 MiB so counted, and the peak RSS of a 200,000-file ingest reach
 * its 300 MiB bound. At most IN_FLIGHT batches all the same, and always one (a file larger than
 * the bound still goes).
 */
const IN_FLIGHT_BYTES = 4 << 20;
const IN_FLIGHT_FILE = 512;
const IN_FLIGHT = 8;

/** A segment of the recipe in tar order, and for a file what storing it cost. */
interface Stored {
  segment: LayerSegment;
  result?: PutFileResult;
}

/**
 * Stores a layer given as parts; returns its recipe root and figures (after every new chunk is
 * in a pack). Files below the store's smallest chunk go in batches (putSmallFilesUncommitted:
 * one index lookup, one compression job and one append per batch); mid-sized ones are stored
 * a few at a time, large ones as they stream. Segments are added to the recipe in tar order;
 * memory stays bounded by IN_FLIGHT_BYTES of batches in flight and a recipe part. A
 * `transient` part's pieces are let go of before the next is asked for (copied where kept).
 */
export async function storeLayer(store: Store, parts: AsyncIterable<LayerPart>, options: { signal?: AbortSignal; what?: string } = {}): Promise<{ root: LayerRecipeRoot; stats: LayerStats }> {
  const what = options.what ?? 'layer';
  // The DiffID and the digests of chunked files are hashed on a worker (the chunks' own sha256 here).
  const hasher = new StreamHasher();
  const builder = new LayerRecipeBuilder();
  const stats = { tarBytes: 0, files: 0, chunks: 0, newChunks: 0, storedBytes: 0 };
  const batchLimit = store.smallFileLimit;
  // storedBytes of a file settles only once its chunks are in a pack: results wait here until the next drain.
  let unsettled: PutFileResult[] = [];
  const settle = async (): Promise<void> => {
    await store.drain();
    for (const r of unsettled) stats.storedBytes += r.storedBytes;
    unsettled = [];
  };
  const storePart = async (part: EncodedLayerPart | undefined): Promise<void> => {
    if (!part) return;
    await store.putLayerPart(part.bytes);
    await settle();
  };
  // Segments on their way, in tar order: each entry is a batch's (or one file's) segments, and the bytes it holds.
  const inFlight: { stored: Promise<Stored[]>; bytes: number }[] = [];
  let inFlightBytes = 0;
  const takeOldest = async (): Promise<void> => {
    const oldest = inFlight.shift()!;
    inFlightBytes -= oldest.bytes;
    await add(await oldest.stored);
  };
  const add = async (done: Stored[]): Promise<void> => {
    for (const stored of done) {
      if (stored.result) {
        stats.chunks += stored.result.chunks;
        stats.newChunks += stored.result.newChunks;
        unsettled.push(stored.result);
      }
      await storePart(builder.add(stored.segment));
    }
  };
  const push = async (stored: Promise<Stored[]>, bytes: number): Promise<void> => {
    stored.catch(() => undefined); // awaited in turn; this only keeps a failure from going unhandled meanwhile
    inFlight.push({ stored, bytes });
    inFlightBytes += bytes;
    while (inFlight.length > IN_FLIGHT || (inFlight.length > 1 && inFlightBytes > IN_FLIGHT_BYTES)) await takeOldest();
  };
  const fileSegment = (result: PutFileResult): Stored => ({
    segment: { kind: 'file', digest: result.digest.slice(DIGEST_PREFIX.length), length: result.size },
    result,
  });
  // The batch being gathered: its small files, and its segments in order (a number is a file's index in `files`).
  let files: Uint8Array[] = [];
  let order: (Stored | number)[] = [];
  /** What the batch holds (files' bytes, framing, IN_FLIGHT_FILE per segment): counted against IN_FLIGHT_BYTES. */
  let batchHeld = 0;
  const sendBatch = async (): Promise<void> => {
    if (order.length === 0) return;
    const [sent, sentOrder, held] = [files, order, batchHeld];
    files = [];
    order = [];
    batchHeld = 0;
    const stored = sent.length === 0
      ? Promise.resolve([])
      : store.putSmallFilesUncommitted(sent);
    await push(stored.then((results) => sentOrder.map((o) => (typeof o === 'number' ? fileSegment(results[o]!) : o))), held);
  };
  const checkLength = (seen: number, expected: number): void => {
    // Sources check their own lengths; this guards the recipe against one that does not.
    if (seen !== expected) throw new BadInputError(`${what}: a file gave ${seen} bytes where its header says ${expected}`);
  };
  let diffHex: string;
  try {
    await storePieces();
    diffHex = await hasher.end();
  } catch (error) {
    // Files still being stored finish (or fail) before the caller aborts the store's writes.
    hasher.abandon();
    await Promise.allSettled(inFlight.map((f) => f.stored));
    throw error;
  }
  const { part, root } = builder.finish();
  await storePart(part);
  await settle();
  const diffId = DIGEST_PREFIX + diffHex;
  return { root, stats: { diffId, ...stats } };

  /**
   * A small file's bytes, whole: a buffer of its own as read, else a copy (views would keep the
   * source's larger read buffers alive).
   */
  async function readWhole(data: AsyncIterable<Uint8Array>, length: number, release: (() => void) | undefined, transient: boolean | undefined): Promise<Uint8Array> {
    const pieces: Uint8Array[] = [];
    let seen = 0;
    for await (const bytes of data) {
      const wait = hasher.push(bytes);
      if (wait) await wait;
      seen += bytes.length;
      // A transient piece is gone once the next is asked for: kept as a copy.
      pieces.push(transient ? Buffer.from(bytes) : bytes);
    }
    checkLength(seen, length);
    const only = pieces.length === 1 ? pieces[0]! : undefined;
    // The file's own buffer already: a copy made above, or a buffer read for this file alone.
    if (!release && only && (transient || (only.byteOffset === 0 && only.byteLength === only.buffer.byteLength))) return only;
    const copy = only ? Buffer.from(only) : Buffer.concat(pieces, seen);
    release?.(); // copied: the source's buffer may be filled again
    return copy;
  }

  async function storePieces(): Promise<void> {
    for await (const piece of layerPieces(parts)) {
      if (piece.kind === 'framing') {
        const wait = hasher.push(piece.bytes);
        if (wait) await wait;
        stats.tarBytes += piece.bytes.length;
        order.push({ segment: { kind: 'framing', bytes: piece.bytes } });
        batchHeld += piece.bytes.length + IN_FLIGHT_FILE;
        continue;
      }
      stats.tarBytes += piece.length;
      if (!piece.spilled) stats.files++;
      if (piece.length <= batchLimit) {
        if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
        order.push(files.length);
        files.push(await readWhole(piece.data, piece.length, piece.release, piece.transient));
        batchHeld += piece.length + IN_FLIGHT_FILE;
        if (files.length >= BATCH_FILES || batchHeld >= BATCH_BYTES) await sendBatch();
        continue;
      }
      await sendBatch();
      if (piece.length <= SMALL_FILE) {
        // A few chunks at most, often one (whose digest is the file's): the store hashes it, not the worker.
        const data = await readWhole(piece.data, piece.length, piece.release, piece.transient);
        await push(store.putFileUncommitted([data], { signal: options.signal }).then((r) => [fileSegment(r)]), data.length + IN_FLIGHT_FILE);
        continue;
      }
      const file = hasher.openFile();
      const digest = (): Promise<string> => file.digest();
      let seen = 0;
      const source = piece.data;
      async function* tap(): AsyncGenerator<Uint8Array> {
        for await (const bytes of source) {
          const wait = hasher.push(bytes);
          if (wait) await wait;
          seen += bytes.length;
          yield bytes;
        }
        file.close();
      }
      // Drained: the store copied what it keeps (new chunks, for compression) and holds no view
      // of the source; the file's digest (from the hash worker) and recipe follow in `stored`,
      // while the next pieces are read.
      const { stored } = await store.putFileDrained(tap(), { signal: options.signal, digest, transientSource: piece.transient === true });
      checkLength(seen, piece.length);
      piece.release?.();
      await push(stored.then((result) => [fileSegment(result)]), IN_FLIGHT_FILE);
    }
    await sendBatch();
    while (inFlight.length > 0) await takeOldest();
  }
}
