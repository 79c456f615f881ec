/**
 * How the target images' layer blobs are rebuilt byte for byte, carried in a bundle so that an
 * applied image is pushed (or exported) again with its original blobs and manifest digest
 * (docs/bundle.md, "Blob rebuilds"). The sender lists, per target image and per layer it ships,
 * the rebuild of its store's blob description where that reproduces the blob; the receiver
 * confirms each from the pass that checks the layer's DiffID (src/reblob/described.ts) and
 * keeps it only when it makes the manifest's blob.
 */
import { checkDescribedBlob, outcomeOf, type BlobOutcome, type BlobRebuild, type DescribedBlobCheck } from '../reblob/index.js';
import type { ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import type { BundlePlan } from './format.js';

/** Per layer of `record`, the rebuild of its blob where the layer is shipped and the store reproduces the blob; undefined when none is. */
export async function plannedRebuilds(store: Store, record: ImageRecord, shipped: (diffId: string) => boolean): Promise<(BlobRebuild | null)[] | undefined> {
  const out: (BlobRebuild | null)[] = [];
  for (const layer of record.layers) {
    const d = layer.digest === layer.diffId || !shipped(layer.diffId) ? undefined : await store.getBlobDescription(layer.digest);
    out.push(d?.reproduced ? d.rebuild : null);
  }
  return out.some((r) => r !== null) ? out : undefined;
}

/** The confirmations of one apply: started per layer as it is checked, kept once every layer is. */
export class RebuildChecks {
  readonly #running: { diffId: string; check: DescribedBlobCheck }[] = [];
  readonly outcomes = new Map<string, BlobOutcome>();

  constructor(
    private readonly store: Store,
    private readonly plan: BundlePlan,
    private readonly manifestOf: (digest: string) => Promise<Buffer>,
  ) {}

  /** The check to feed `diffId`'s tar to, when a target lists a rebuild of its blob the store has no description of. */
  async start(diffId: string, tarLength: number): Promise<DescribedBlobCheck | undefined> {
    for (const { record, blobs } of this.plan.images) {
      const at = record.layers.findIndex((l, i) => l.diffId === diffId && blobs?.[i]);
      if (at < 0) continue;
      const layer = record.layers[at]!;
      if (await this.store.getBlobDescription(layer.digest)) return undefined;
      const descriptor = (await this.#manifestLayers(record.manifest))[at] ?? { mediaType: layer.mediaType, digest: layer.digest, size: layer.size };
      const text = JSON.stringify({
        version: 1, digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId, descriptor: JSON.stringify(descriptor), reproduced: true, rebuild: blobs![at],
      });
      const check = checkDescribedBlob(text, { digest: layer.digest, size: layer.size, mediaType: layer.mediaType, diffId, descriptor: JSON.stringify(descriptor), tarLength }, this.store.tmpDir);
      if (typeof check === 'string') this.outcomes.set(diffId, { reproduced: false, reason: check });
      if (typeof check !== 'object') return undefined;
      this.#running.push({ diffId, check });
      return check;
    }
    return undefined;
  }

  /** The layer descriptors of a target's manifest, as it lists them (none when it is not an image manifest). */
  async #manifestLayers(digest: string): Promise<unknown[]> {
    try {
      const layers = (JSON.parse((await this.manifestOf(digest)).toString('utf8')) as { layers?: unknown }).layers;
      return Array.isArray(layers) ? layers : [];
    } catch {
      return [];
    }
  }

  /** Waits for every confirmation and stores the descriptions confirmed. */
  async keep(): Promise<void> {
    for (const { diffId, check } of this.#running.splice(0)) {
      const description = await check.describe();
      this.outcomes.set(diffId, outcomeOf(description));
      if (description.reproduced) await this.store.putBlobDescription(description);
    }
  }

  /** Stops the confirmations still running (the apply failed). */
  abandon(): void {
    for (const { check } of this.#running.splice(0)) check.abandon();
  }
}
