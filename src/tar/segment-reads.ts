/**
 * A layer recipe's segments in order, each file's chunks read ahead of the one being used: the
 * next files' recipes and first chunks while the current file is handed on, small files'
 * chunks many at a time, without their recipes. Memory stays bounded whatever the layer's file
 * count. Generic over what a chunk read gives (checked bytes for tar/rebuild.ts, chunks as the
 * packs hold them for the rootfs export's feed).
 */
import type { LayerSegment } from '../recipe/index.js';

/** What reading ahead needs from a store. */
export interface SegmentChunkSource<T> {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  /** Several chunks, in order. */
  read(hexes: readonly string[]): Promise<T[]>;
  /**
   * Files up to this many bytes are one chunk whose digest is the file's (none when empty): the
   * store's chunker cuts nothing smaller. Their recipes are not read, and their chunks are read
   * many files at a time. Absent: every file's recipe is read.
   */
  readonly smallFileLimit?: number;
}

/** A segment, with a file segment's chunks (consume them before asking for the next segment). */
export type SegmentWithChunks<T> =
  | { segment: Extract<LayerSegment, { kind: 'framing' }> }
  | { segment: Extract<LayerSegment, { kind: 'file' }>; chunks: AsyncIterable<T> | Iterable<T> };

/** Files whose reads run ahead of the one being used (small files are read whole). */
const FILES_AHEAD = 16;
/** Small files read ahead, and read per call. */
const SMALL_FILES_AHEAD = 1024;
const SMALL_GROUP = 256;
/** Segments pulled ahead of the one being used, at most (framing between the files ahead). */
const SEGMENTS_AHEAD = 2 * SMALL_FILES_AHEAD + 64;
/** Chunks read per call within a large file, and calls kept in flight. */
const BATCH = 8;
const BATCHES_AHEAD = 2;

/** A large file's chunk digests in batches, the first batches' reads started. */
interface Loaded<T> {
  batches: string[][];
  first: Promise<T[]>[];
}

/** Small files whose chunks are read together: `read` is set once the group is sent. */
interface SmallGroup<T> {
  hexes: string[];
  read?: Promise<T[]>;
}

/** A segment pulled ahead: a file's load, or its place in a group of small files. */
interface Ahead<T> {
  segment: LayerSegment;
  loaded?: Promise<Loaded<T>>;
  group?: SmallGroup<T>;
  index?: number;
}

/** Keeps an early failure from going unhandled: the promise is awaited in turn. */
function quiet<P extends Promise<unknown>>(promise: P): P {
  promise.catch(() => undefined);
  return promise;
}

export async function* readSegments<T>(segments: AsyncIterable<LayerSegment>, source: SegmentChunkSource<T>): AsyncGenerator<SegmentWithChunks<T>> {
  const smallLimit = source.smallFileLimit ?? -1;
  const load = async (digest: string): Promise<Loaded<T>> => {
    const { chunks } = await source.getFileRecipe(digest);
    const batches: string[][] = [];
    for (let i = 0; i < chunks.length; i += BATCH) batches.push(chunks.slice(i, i + BATCH).map((c) => c.digest));
    return { batches, first: batches.slice(0, BATCHES_AHEAD).map((b) => quiet(source.read(b))) };
  };
  const ahead: Ahead<T>[] = [];
  let filesAhead = 0;
  let smallAhead = 0;
  let group: SmallGroup<T> = { hexes: [] };
  const sendGroup = (): void => {
    if (group.hexes.length === 0) return;
    group.read = quiet(source.read(group.hexes));
    group = { hexes: [] };
  };
  let ended = false;
  const iterator = segments[Symbol.asyncIterator]();
  const pull = async (): Promise<void> => {
    while (!ended && filesAhead < FILES_AHEAD && smallAhead < SMALL_FILES_AHEAD && ahead.length < SEGMENTS_AHEAD) {
      const next = await iterator.next();
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
        ahead.push({ segment, loaded: quiet(load(segment.digest)) });
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
        yield { segment };
        if (ahead.length < SEGMENTS_AHEAD / 2) await pull();
      } else if (segment.length <= smallLimit) {
        smallAhead--;
        yield { segment, chunks: from ? [(await from.read!)[index!]!] : [] };
        if (smallAhead < SMALL_FILES_AHEAD / 2) await pull();
      } else {
        filesAhead--;
        await pull();
        yield { segment, chunks: batchesOf(await loaded!, source) };
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/** A large file's chunks in order, keeping up to BATCHES_AHEAD reads in flight. */
async function* batchesOf<T>(loaded: Loaded<T>, source: SegmentChunkSource<T>): AsyncGenerator<T> {
  const pending = [...loaded.first];
  let next = pending.length;
  while (pending.length > 0) {
    const batch = await pending.shift()!;
    while (pending.length < BATCHES_AHEAD && next < loaded.batches.length) pending.push(quiet(source.read(loaded.batches[next++]!)));
    yield* batch;
  }
}
