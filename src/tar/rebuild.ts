/**
 * Rebuilding a layer tar from its recipe: framing bytes verbatim, file payloads from their
 * chunks, in order. Every chunk is checked against its digest before a byte of it is yielded,
 * so a corrupt chunk never reaches the output; the output's sha256 must also equal the DiffID
 * (computed as the bytes stream out, checked at the end: it catches a corrupt recipe). The chunks come through a
 * small interface that the store implements, so this module does not depend on the store.
 */
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../errors.js';
import type { LayerRecipe } from '../recipe/index.js';

/** What rebuilding needs from a store. */
export interface ChunkSource {
  getFileRecipe(hex: string): Promise<{ chunks: readonly { digest: string; length: number }[] }>;
  /** Chunks' bytes, each checked against its digest: throws CorruptDataError naming chunk and pack. */
  readChunks(hexes: readonly string[]): Promise<Uint8Array[]>;
}

/** Files whose reads run ahead of the one being written (small files are read whole). */
const FILES_AHEAD = 16;
/** Chunks read per batch within a large file, and batches kept in flight. */
const BATCH = 8;
const BATCHES_AHEAD = 2;

/**
 * The tar bytes of a layer, verified against `diffId` (sha256:…) as they stream. Reads run
 * ahead: the next files' recipes and chunks are fetched while the current one is written, so
 * layers of many small files are not bound by one lookup at a time.
 */
export async function* rebuildLayer(recipe: LayerRecipe, diffId: string, source: ChunkSource): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let length = 0;
  const segments = recipe.segments;
  /** A file's chunk digests in batches, and for a small file the bytes already read. */
  interface Loaded {
    batches: string[][];
    data?: Uint8Array[][];
  }
  const loads = new Map<number, Promise<Loaded>>();
  const load = async (digest: string): Promise<Loaded> => {
    const { chunks } = await source.getFileRecipe(digest);
    const batches: string[][] = [];
    for (let i = 0; i < chunks.length; i += BATCH) batches.push(chunks.slice(i, i + BATCH).map((c) => c.digest));
    if (batches.length > BATCHES_AHEAD) return { batches };
    return { batches, data: await Promise.all(batches.map((b) => source.readChunks(b))) };
  };
  const schedule = (from: number): void => {
    let ahead = 0;
    for (let i = from; i < segments.length && ahead < FILES_AHEAD; i++) {
      const segment = segments[i]!;
      if (segment.kind !== 'file') continue;
      ahead++;
      if (!loads.has(i)) {
        const p = load(segment.digest);
        p.catch(() => undefined); // awaited in turn; this only keeps an early failure from going unhandled
        loads.set(i, p);
      }
    }
  };
  async function* batchesOf(loaded: Loaded): AsyncGenerator<Uint8Array[]> {
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
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'framing') {
      hash.update(segment.bytes);
      length += segment.bytes.length;
      yield segment.bytes;
      continue;
    }
    schedule(index);
    const loaded = await loads.get(index)!;
    loads.delete(index);
    schedule(index + 1);
    for await (const batch of batchesOf(loaded)) {
      for (const bytes of batch) {
        hash.update(bytes);
        length += bytes.length;
        yield bytes;
      }
    }
  }
  const actual = 'sha256:' + hash.digest('hex');
  if (actual !== diffId || length !== recipe.tarLength) {
    throw new CorruptDataError(`layer ${diffId} rebuilt to ${actual} (${length} bytes): the layer recipe is corrupt`, { digest: diffId });
  }
}
