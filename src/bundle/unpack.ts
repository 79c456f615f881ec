/**
 * Version 4 bundles: the delta section cut into its deltas, each written to the spool as a
 * blob named by its sha256 (the section was checked against its digest, so its pieces are
 * the sender's; kept in memory, see Spool.add), and each delta file's `delta` set to it, as versions 1-3 name them.
 * Version 3 and 4 bundles: each packed layer recipe decompressed (against the receiver's own recipe
 * of its base layer) and its parts, each checked against its digest, added to the spool as if
 * they had been blobs of the bundle.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { BadInputError, CorruptDataError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { BundlePlan, PlannedFile } from './format.js';
import { concatDigest, decodeLayerPack, layerRecipeBytes } from './layer-pack.js';
import type { Spool } from './spool.js';

const HEX = /^[0-9a-f]{64}$/;

export async function unpackLayers(store: Store, spool: Spool, plan: BundlePlan): Promise<void> {
  await unpackDeltas(spool, plan);
  for (const layer of plan.layers) {
    if (!layer.packed) continue;
    const what = `bundle: packed recipe of layer ${layer.diffId}`;
    if (!Array.isArray(layer.parts) || !layer.parts.every((p) => typeof p.digest === 'string' && HEX.test(p.digest) && Number.isSafeInteger(p.size) && p.size! >= 0)) {
      throw new BadInputError(`${what}: malformed part list`);
    }
    if (layer.parts.reduce((sum, p) => sum + p.size!, 0) > 2 ** 31) throw new BadInputError(`${what}: parts too large`);
    let base: Uint8Array[] | undefined;
    if (layer.packed.base !== undefined) {
      const diffId = layer.packed.base;
      if (!(await store.hasLayer(diffId))) {
        throw new BadInputError(`bundle does not fit this store: it lacks layer ${diffId}, the base of layer ${layer.diffId}'s recipe`, { digest: diffId });
      }
      base = await storedParts(store, diffId, layer.packed.baseDigest);
      if (!base) base = (await layerRecipeBytes(store, diffId)).parts;
      if (concatDigest(base) !== layer.packed.baseDigest) {
        throw new BadInputError(`bundle does not fit this store: its recipe of layer ${diffId} differs from the sender's (base of layer ${layer.diffId})`, { digest: diffId });
      }
    }
    const blob = await spool.read(layer.packed.blob);
    const parts = decodeLayerPack(blob, base, layer.parts as { digest: string; size: number }[], what);
    for (const [i, part] of layer.parts.entries()) {
      await spool.add(part.digest, parts[i]!);
    }
    if (parts.length !== layer.parts.length) throw new CorruptDataError(`${what}: wrong number of parts`);
  }
}

async function unpackDeltas(spool: Spool, plan: BundlePlan): Promise<void> {
  const deltas = plan.files.filter((f): f is Extract<PlannedFile, { via: 'delta' | 'zip-delta' }> => f.via === 'delta' || f.via === 'zip-delta');
  if (plan.version < 4) {
    if (plan.deltas !== undefined) throw new BadInputError(`bundle: plan version ${plan.version} has a delta section`);
    return;
  }
  if (deltas.length === 0) {
    if (plan.deltas !== undefined) throw new BadInputError('bundle: a delta section but no delta file');
    return;
  }
  if (typeof plan.deltas !== 'string') throw new BadInputError('bundle: delta files but no delta section');
  const path = spool.pathOf(plan.deltas);
  const size = (await stat(path)).size;
  let at = 0;
  const section = await open(path, 'r');
  try {
    for (const file of deltas) {
      const length = file.length;
      if (!Number.isSafeInteger(length) || length! < 1 || length! > size - at) {
        throw new CorruptDataError(`bundle: delta of file sha256:${file.digest} has a bad length in the section (${JSON.stringify(length)})`);
      }
      const bytes = Buffer.alloc(length!);
      await section.read(bytes, 0, length!, at);
      at += length!;
      const hex = createHash('sha256').update(bytes).digest('hex');
      await spool.add(hex, bytes);
      file.delta = `sha256:${hex}`;
    }
  } finally {
    await section.close();
  }
  if (at !== size) throw new CorruptDataError(`bundle: the delta section holds ${size - at} bytes no file uses`);
}

/**
 * The base layer's parts as the store holds them, when they are its canonical recipe bytes
 * (their digest is `baseDigest`): a store cuts its recipes by the same rule, so they usually
 * are, and re-encoding the recipe (layerRecipeBytes, the fallback) costs far more than reading it.
 */
async function storedParts(store: Store, diffId: string, baseDigest: string | undefined): Promise<Uint8Array[] | undefined> {
  const { parts } = await store.getLayerRecipe(diffId);
  if (parts.length === 0) return undefined;
  const bytes = await Promise.all(parts.map((p) => store.getLayerPart(p.digest)));
  return concatDigest(bytes) === baseDigest ? bytes : undefined;
}
