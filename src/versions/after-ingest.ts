/**
 * The ingest hook of versions as deltas: once an ingest has committed, each named image it
 * brought is passed to storeVersionDeltas. A failure here leaves the ingest landed: the deltas
 * not yet committed are dropped and the failure is a warning.
 */
import type { Store } from '../store/index.js';
import { storeVersionDeltas, type VersionDeltaOptions, type VersionDeltaResult } from './store-deltas.js';

/** Runs the versions pass over freshly ingested images; returns the totals. */
export async function deltasAfterIngest(
  store: Store, images: readonly { name: string | null; manifest: string }[], options: VersionDeltaOptions & { onWarning?: (message: string) => void } = {},
): Promise<VersionDeltaResult> {
  const total: VersionDeltaResult = { files: 0, fileBytes: 0, deltaBytes: 0, chunkBytes: 0, refused: 0, seconds: 0 };
  const byImage = new Map<string, string[]>();
  for (const { name, manifest } of images) if (name !== null) byImage.set(manifest, [...(byImage.get(manifest) ?? []), name]);
  try {
    for (const [manifest, names] of byImage) {
      const r = await storeVersionDeltas(store, manifest, names, options);
      for (const key of Object.keys(total) as (keyof VersionDeltaResult)[]) total[key] += r[key];
    }
  } catch (error) {
    await store.abort();
    options.onWarning?.(`versions were not stored as deltas: ${(error as Error).message}`);
  }
  return total;
}
