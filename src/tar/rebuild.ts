/**
 * Rebuilding a layer tar from its recipe: framing bytes verbatim, file payloads from their
 * chunks, in order. Every chunk is checked against its digest before a byte of it is yielded,
 * so a corrupt chunk never reaches the output; the output's sha256 must also equal the DiffID
 * (computed as the bytes stream out, checked at the end: it catches a corrupt recipe). The
 * chunks come through a small interface that the store implements, so this module does not depend on the store.
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../errors.js';
import type { LayerRecipe, LayerSegment } from '../recipe/index.js';

/** What rebuilding needs from a store. */
export interface ChunkSource {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  /** Chunks' bytes, each checked against its digest: throws CorruptDataError naming chunk and pack. */
  readChunks(hexes: readonly string[]): Promise<Uint8Array[]>;
  /**
   * Files up to this many bytes are one chunk whose digest is the file's (none when empty): the
   * store's chunker cuts nothing smaller. Their recipes are not read, and their chunks are read
   * many files at a time. Absent: every file's recipe is read.
   */
  readonly smallFileLimit?: number;
}

/** Files whose reads run ahead of the one being written (small files are read whole). */
const FILES_AHEAD = 16;
/** Small files (see ChunkSource.smallFileLimit) read ahead, and read per readChunks call. */
const SMALL_FILES_AHEAD = 1024;
const SMALL_GROUP = 256;
/** Segments pulled ahead of the one being written, at most (framing between the files ahead). */
const SEGMENTS_AHEAD = 2 * SMALL_FILES_AHEAD + 64;
/** Chunks read per batch within a large file, and batches kept in flight. */
const BATCH = 8;
const BATCHES_AHEAD = 2;

/** A file's chunk digests in batches, and for a small file the bytes already read. */
interface Loaded {
  batches: string[][];
  data?: Uint8Array[][];
}

/** Small files whose chunks are read together: `read` is set once the group is sent. */
interface SmallGroup {
  hexes: string[];
  read?: Promise<Uint8Array[]>;
}

/** A segment pulled ahead: a file's load, or its place in a group of small files. */
interface Ahead {
  segment: LayerSegment;
  loaded?: Promise<Loaded>;
  group?: SmallGroup;
  index?: number;
}

/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. The recipe's
 * segments are pulled as the bytes go out, and reads run ahead: the next files' recipes and
 * chunks are fetched while the current one is written, so layers of many small files are not
 * bound by one lookup at a time, and memory is bounded whatever the layer's file count. Small
 * files' chunks are read SMALL_GROUP files per call, without their recipes.
 */
export async function* rebuildLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let length = 0;
  const smallLimit = source.smallFileLimit ?? -1;
  const load = async (digest: string): Promise<Loaded> => {
    const { chunks } = await source.getFileRecipe(digest);
    const batches: string[][] = [];
    for (let i = 0; i < chunks.length; i += BATCH) batches.push(chunks.slice(i, i + BATCH).map((c) => c.digest));
    if (batches.length > BATCHES_AHEAD) return { batches };
    return { batches, data: await Promise.all(batches.map((b) => source.readChunks(b))) };
  };
  // Segments pulled ahead, each file's load started as it is pulled (small files' by the group).
  const ahead: Ahead[] = [];
  let filesAhead = 0;
  let smallAhead = 0;
  let group: SmallGroup = { hexes: [] };
  const sendGroup = (): void => {
    if (group.hexes.length === 0) return;
    group.read = source.readChunks(group.hexes);
    group.read.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
    group = { hexes: [] };
  };
  let ended = false;
  const segments = recipe.segments[Symbol.asyncIterator]();
  const pull = async (): Promise<void> => {
    while (!ended && filesAhead < FILES_AHEAD && smallAhead < SMALL_FILES_AHEAD && ahead.length < SEGMENTS_AHEAD) {
      const next = await segments.next();
      if (next.done) {
        ended = true;
        break;
      }
      const segment = next.value;
      if (segment.kind === 'file' && segment.length <= smallLimit) {
        smallAhead++;
        if (segment.length === 0) {
          ahead.push({ segment });
          continue;
        }
        ahead.push({ segment, group, index: group.hexes.length });
        group.hexes.push(segment.digest);
        if (group.hexes.length >= SMALL_GROUP) sendGroup();
      } else if (segment.kind === 'file') {
        const loaded = load(segment.digest);
        loaded.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
        ahead.push({ segment, loaded });
        filesAhead++;
      } else {
        ahead.push({ segment });
      }
    }
    sendGroup();
  };
  try {
    await pull();
    while (ahead.length > 0) {
      const { segment, loaded, group: from, index } = ahead.shift()!;
      if (segment.kind === 'framing') {
        hash.update(segment.bytes);
        length += segment.bytes.length;
        yield segment.bytes;
        if (ahead.length < SEGMENTS_AHEAD / 2) await pull();
        continue;
      }
      if (segment.length <= smallLimit) {
        smallAhead--;
        if (from) {
          const bytes = (await from.read!)[index!]!;
          hash.update(bytes);
          length += bytes.length;
          yield bytes;
        }
        if (smallAhead < SMALL_FILES_AHEAD / 2) await pull();
        continue;
      }
      filesAhead--;
      await pull();
      for await (const batch of batchesOf(await loaded!, source)) {
        for (const bytes of batch) {
          hash.update(bytes);
          length += bytes.length;
          yield bytes;
        }
      }
    }
  } finally {
    await segments.return?.();
  }
  const actual = 'sha256:' + hash.digest('hex');
  if (actual !== diffId || length !== recipe.tarLength) {
    throw new CorruptDataError(`layer ${diffId} rebuilt to ${actual} (${length} bytes): the layer recipe is corrupt`, { digest: diffId });
  }
}

/** A loaded file's chunks, batch by batch, reading up to BATCHES_AHEAD batches ahead. */
async function* batchesOf(loaded: Loaded, source: ChunkSource): AsyncGenerator<Uint8Array[]> {
  if (loaded.data) {
    yield* loaded.data;
    return;
  }
  const pending: Promise<Uint8Array[]>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < BATCHES_AHEAD && next < loaded.batches.length) {
      const p = source.readChunks(loaded.batches[next++]!);
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  fill();
  while (pending.length > 0) {
    const batch = await pending.shift()!;
    fill();
    yield batch;
  }
}
