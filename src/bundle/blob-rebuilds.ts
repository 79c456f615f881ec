/**
 * How the target images' layer blobs are rebuilt byte for byte, carried in a bundle so that an
 * applied image is pushed (or exported) again with its original blobs and manifest digest
 * (docs/bundle.md, "Blob rebuilds"). The sender lists, per target image and per layer it ships,
 * the rebuild of its store's blob description where that reproduces the blob; the receiver
 * keeps each, for a layer it stored, as an unconfirmed description (src/reblob/described.ts):
 * export and push use it and check the blob it makes, falling back to a new blob where it
 * does not reproduce the original.
 */
import { outcomeOf, rebuildOf, unconfirmedDescription, type BlobOutcome, type BlobRebuild } from '../reblob/index.js';
import type { ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import type { BundlePlan } from './format.js';

/**
 * Per layer of `record`, the rebuild of its blob where the layer is shipped and the store
 * reproduces the blob (or was told how, unconfirmed: the receiver checks it at use either way);
 * undefined when none is.
 */
export async function plannedRebuilds(store: Store, record: ImageRecord, shipped: (diffId: string) => boolean): Promise<(BlobRebuild | null)[] | undefined> {
  const out: (BlobRebuild | null)[] = [];
  for (const layer of record.layers) {
    const d = layer.digest === layer.diffId || !shipped(layer.diffId) ? undefined : await store.getBlobDescription(layer.digest);
    out.push((d && rebuildOf(d)) ?? null);
  }
  return out.some((r) => r !== null) ? out : undefined;
}

/**
 * Per layer of the targets that the apply stored, the blob description the bundle carries for
 * it, kept unconfirmed where the store has none (export and push check it at first use).
 * `manifestOf` gives a target's manifest bytes (its layer descriptors are kept verbatim).
 */
export async function keepCarriedDescriptions(
  store: Store, plan: BundlePlan, stored: ReadonlySet<string>, manifestOf: (digest: string) => Promise<Buffer>,
): Promise<Map<string, BlobOutcome>> {
  const outcomes = new Map<string, BlobOutcome>();
  for (const { record, blobs } of plan.images) {
    if (!Array.isArray(blobs)) continue;
    let descriptors: unknown[] | undefined;
    for (const [at, layer] of record.layers.entries()) {
      const rebuild = blobs[at];
      if (!rebuild || !stored.has(layer.diffId) || outcomes.has(layer.diffId) || (await store.getBlobDescription(layer.digest))) continue;
      descriptors ??= await manifestLayers(await manifestOf(record.manifest));
      const descriptor = JSON.stringify(descriptors[at] ?? { mediaType: layer.mediaType, digest: layer.digest, size: layer.size });
      const text = JSON.stringify({ version: 1, digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: layer.diffId, descriptor, reproduced: true, rebuild });
      const description = unconfirmedDescription(text, { digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId: layer.diffId, descriptor, tarLength: layer.tarBytes }, 'the bundle');
      if (typeof description === 'string') outcomes.set(layer.diffId, { reproduced: false, reason: description });
      else if (description) {
        await store.putBlobDescription(description);
        outcomes.set(layer.diffId, outcomeOf(description));
      }
    }
  }
  return outcomes;
}

/** The layer descriptors of a manifest, as it lists them (none when it is not an image manifest). */
async function manifestLayers(bytes: Buffer): Promise<unknown[]> {
  try {
    const layers = (JSON.parse(bytes.toString('utf8')) as { layers?: unknown }).layers;
    return Array.isArray(layers) ? layers : [];
  } catch {
    return [];
  }
}
