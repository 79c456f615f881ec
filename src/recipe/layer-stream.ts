/**
 * Layer recipes in motion: written part by part as a layer is ingested (LayerRecipeBuilder),
 * and read back part by part (openLayerRecipe, layerFileDigests), so that memory is bounded by
 * a part or two whatever the layer's file count. Parts come from and go to the caller (the
 * store), which keeps this module free of I/O.
 */
import {
  encodeLayerPart, decodeLayerPart, segmentEncodedLength, LAYER_PART_BYTES,
  type EncodedLayerPart, type LayerPartRef, type LayerRecipe, type LayerRecipeRoot, type LayerSegment,
} from './layer-recipe.js';

/**
 * Collects a layer's segments in tar order and cuts them into parts. `add` returns a part
 * each time one fills up: store it, then go on; `finish` returns the last part and the root.
 */
export class LayerRecipeBuilder {
  readonly #partBytes: number;
  #segments: LayerSegment[] = [];
  #encoded = 0;
  #parts: LayerPartRef[] = [];

  constructor(partBytes = LAYER_PART_BYTES) {
    this.#partBytes = partBytes;
  }

  /** Adds the next segment; returns a full part to store, if this one filled it. */
  add(segment: LayerSegment): EncodedLayerPart | undefined {
    this.#segments.push(segment);
    this.#encoded += segmentEncodedLength(segment);
    return this.#encoded >= this.#partBytes ? this.#cut() : undefined;
  }

  /** The last part (if any segments are left) and the root listing every part. */
  finish(): { part: EncodedLayerPart | undefined; root: LayerRecipeRoot } {
    const part = this.#segments.length > 0 ? this.#cut() : undefined;
    const parts = this.#parts;
    return { part, root: { tarLength: parts.reduce((sum, p) => sum + p.tarLength, 0), parts } };
  }

  #cut(): EncodedLayerPart {
    const part = encodeLayerPart(this.#segments);
    this.#segments = [];
    this.#encoded = 0;
    this.#parts.push({ digest: part.digest, tarLength: part.tarLength });
    return part;
  }
}

/** Reads a part's encoding by its digest (64 hex). */
export type ReadLayerPart = (digest: string) => Promise<Uint8Array>;

/**
 * A stored layer recipe as a stream of segments: parts are read as the segments are pulled,
 * the next one while the current one is consumed. Each part is checked against the digest and
 * tar length its root gives (CorruptDataError otherwise); `partsChecked`: `readPart` returns
 * only bytes it has compared with the digest asked for (the store's reads do), which are not
 * hashed again.
 */
export function openLayerRecipe(root: LayerRecipeRoot, readPart: ReadLayerPart, partsChecked = false): LayerRecipe {
  return {
    tarLength: root.tarLength,
    parts: root.parts,
    segments: { [Symbol.asyncIterator]: () => layerSegments(root, readPart, partsChecked) },
  };
}

async function* layerSegments(root: LayerRecipeRoot, readPart: ReadLayerPart, partsChecked: boolean): AsyncGenerator<LayerSegment> {
  if (root.inline) yield* root.inline;
  const parts = root.parts;
  const load = (index: number) => {
    const ref = parts[index]!;
    const loading = readPart(ref.digest).then((bytes) => decodeLayerPart(bytes, ref, partsChecked));
    loading.catch(() => undefined); // awaited in turn; this only keeps an unread failure from going unhandled
    return loading;
  };
  let next = parts.length > 0 ? load(0) : undefined;
  for (let index = 0; index < parts.length; index++) {
    const part = await next!;
    next = index + 1 < parts.length ? load(index + 1) : undefined;
    yield* part.segments;
  }
}

/**
 * The file digests (64 hex, in tar order, repeats included) a layer recipe references, for
 * verify and gc. `readPart` may return undefined to skip a part (one the caller found missing
 * or damaged and has already reported, or has already walked); `partsChecked` as openLayerRecipe's.
 */
export async function* layerFileDigests(root: LayerRecipeRoot, readPart: (digest: string) => Promise<Uint8Array | undefined>, partsChecked = false): AsyncGenerator<string> {
  for (const s of root.inline ?? []) if (s.kind === 'file') yield s.digest;
  for (const ref of root.parts) {
    const bytes = await readPart(ref.digest);
    if (!bytes) continue;
    for (const s of decodeLayerPart(bytes, ref, partsChecked).segments) if (s.kind === 'file') yield s.digest;
  }
}
