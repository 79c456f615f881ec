/**
 * The regular files of a stored layer with their paths, read from its recipe alone: the tar is
 * parsed with every file's payload standing in as zeros, so no file content is read. The k-th
 * payload of the tar is the recipe's k-th file segment (how ingest builds recipes); when a
 * length does not match (a run of framing stored as a file, see ingest/layer-parts.ts), the
 * listing stops there: paths only choose delta bases, and a layer listed in part loses nothing
 * but candidates.
 */
import type { Store } from '../store/index.js';
import type { LayerSegment } from '../recipe/index.js';
import { splitTar } from '../tar/index.js';

export interface PathedFile {
  path: string;
  /** 64 hex */
  digest: string;
  size: number;
}

const ZEROS = new Uint8Array(1 << 20);

async function* standIn(segments: AsyncIterable<LayerSegment>): AsyncGenerator<Uint8Array> {
  for await (const s of segments) {
    if (s.kind === 'framing') {
      yield s.bytes;
      continue;
    }
    for (let left = s.length; left > 0; left -= ZEROS.length) yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
  }
}

/** The layer's regular files in tar order (paths without a leading `./` or `/`). */
export async function layerPaths(store: Store, diffId: string): Promise<PathedFile[]> {
  const recipe = await store.getLayerRecipe(diffId);
  const files: { digest: string; length: number }[] = [];
  for await (const s of recipe.segments) if (s.kind === 'file') files.push({ digest: s.digest, length: s.length });
  const out: PathedFile[] = [];
  try {
    for await (const part of splitTar(standIn(recipe.segments))) {
      if (part.kind !== 'payload') continue;
      for await (const _ of part.data) void _;
      const file = files[out.length];
      if (!file || file.length !== part.length) break;
      out.push({ path: part.header.name.replace(/^(\.?\/)+/, ''), digest: file.digest, size: file.length });
    }
  } catch {
    // a stand-in that does not parse (a spilled framing run read as zeros): keep what was listed
  }
  return out;
}
