/** applyBundle: checks a bundle, stores what it carries, rebuilds and verifies every layer, then names the images. */
import { open, rm } from 'node:fs/promises';
import { formatChunkerIdentity } from '../chunker/index.js';
import { BadInputError, CairnError, CorruptDataError } from '../errors.js';
import { openLayerRecipe } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { checkLayer } from '../tar/index.js';
import type { ByteSource } from '../tar/byte-reader.js';
import { checkFit, indexPack, readPlan, type PackRecord } from './apply-plan.js';
import { PlannedFiles } from './apply-files.js';
import { keepCarriedDescriptions } from './blob-rebuilds.js';
import type { BlobOutcome } from '../reblob/index.js';
import { DecodePool, decodeThreads } from './decode-pool.js';
import type { BundleProgress, PlannedLayer } from './format.js';
import { spoolBundle, type Spool } from './spool.js';
import { unpackLayers } from './unpack.js';
import { unpackSections } from './unpack-sections.js';

export interface ApplyReport {
  /** true when the store already held every target under its names: nothing was written. */
  noop: boolean;
  images: { manifest: string; names: string[] }[];
  files: { digest: string; via: 'chunks' | 'delta' | 'zip-delta'; size: number }[];
  /** `blob`: where the bundle says how the layer's blob is rebuilt byte for byte, whether the store kept that (unconfirmed), or why not (docs/bundle.md). */
  layers: { diffId: string; tarBytes: number; blob?: BlobOutcome }[];
  bytes: number;
  seconds: number;
}

export interface ApplyOptions {
  /** Progress, for a bar: bytes of files rebuilt and of layers verified, of their total. */
  onProgress?: (event: BundleProgress) => void;
  /**
   * Keep the blob descriptions the bundle carries (how each shipped layer's blob is rebuilt byte
   * for byte), unconfirmed, so that push and export give back the original blobs and manifest;
   * they check what the description makes, and fall back to a new blob where it does not
   * reproduce the original. @default true
   */
  describeBlobs?: boolean;
}

/** Applies a bundle (a tar stream) to `store`; on any failure the store is left as it was (no new names). */
export async function applyBundle(store: Store, source: ByteSource, options: ApplyOptions = {}): Promise<ApplyReport> {
  const started = performance.now();
  const dir = await store.scratchDir('apply-');
  let wrote = false;
  let decoder: DecodePool | undefined;
  try {
    const spool = await spoolBundle(source, dir);
    const plan = await readPlan(spool);
    const report: ApplyReport = { noop: false, images: [], files: [], layers: [], bytes: 0, seconds: 0 };
    const chunker = formatChunkerIdentity(store.chunkerIdentity);
    if (plan.chunker !== chunker) throw new BadInputError(`bundle: made for another chunker (${plan.chunker}); this store's is ${chunker}`);
    // A second apply: every target stored and named already.
    const names = await store.listNames();
    const stored = await Promise.all(plan.images.map(async (i) => store.hasBlob(i.record.manifest)));
    if (stored.every(Boolean) && plan.images.every((i) => i.names.every((n) => names.some((m) => m.name === n && m.image === i.record.manifest)))) {
      return { ...report, noop: true, images: plan.images.map((i) => ({ manifest: i.record.manifest, names: i.names })), seconds: (performance.now() - started) / 1000 };
    }
    // Workers start while the plan is checked (none when the deltas' targets are small: they decode inline).
    decoder = new DecodePool(decodeThreads(plan.files.reduce((sum, f) => sum + (f.via === 'chunks' ? 0 : f.size), 0)));
    await unpackLayers(store, spool, plan);
    const sections = await unpackSections(store, spool, plan);
    const packPath = sections?.path ?? (plan.chunkPack ? spool.pathOf(plan.chunkPack) : undefined);
    const pack = sections?.records ?? (plan.chunkPack ? await indexPack(packPath!) : new Map<string, PackRecord>());
    await checkFit(store, spool, plan, pack);
    const total = plan.files.reduce((s, f) => s + f.size, 0) + plan.layers.reduce((s, l) => s + l.tarLength, 0);
    let done = 0;
    const advance = (bytes: number) => { done += bytes; options.onProgress?.({ done: Math.min(done, total), total }); };
    wrote = true;
    const packFile = packPath ? await open(packPath, 'r') : undefined;
    let files: PlannedFiles | undefined;
    try {
      files = await PlannedFiles.open(plan.files, {
        store, spool, decoder,
        pack: packFile && { file: packFile, records: pack },
        onFile: (file) => {
          advance(file.size);
          report.files.push({ digest: file.digest, via: file.via, size: file.size });
          report.bytes += file.size;
        },
      });
      // Every layer rebuilt from its recipe, the store and the files rebuilt as it asks for them,
      // hashed against its DiffID, before anything names it. Nothing is committed before the
      // names: a failure or a crash leaves no name, and records no name reaches (gc drops them).
      for (const layer of plan.layers) {
        if (await store.hasLayer(layer.diffId)) { advance(layer.tarLength); continue; }
        const bytes = await verifyLayer(layer, spool, files!, advance);
        files.endLayer();
        for (const part of layer.parts) await store.putLayerPart(await spool.view(part.digest));
        await store.putLayerRecipe(layer.diffId, { parts: layer.parts });
        report.layers.push({ diffId: layer.diffId, tarBytes: bytes });
      }
      await files.finish();
      if (options.describeBlobs !== false) {
        const outcomes = await keepCarriedDescriptions(store, plan, new Set(report.layers.map((l) => l.diffId)), (digest) => spool.read(digest));
        for (const layer of report.layers) {
          const blob = outcomes.get(layer.diffId);
          if (blob) layer.blob = blob;
        }
      }
    } finally {
      // Rebuilds still running end (decodes in flight reject) before the store's writes are aborted.
      await decoder.close();
      await files?.settle();
      await packFile?.close();
    }
    const order = new Map(plan.files.map((f, i) => [f.digest, i]));
    report.files.sort((a, b) => order.get(a.digest)! - order.get(b.digest)!);
    for (const { record, names: imageNames } of plan.images) {
      for (const blob of [record.manifest, record.config, ...(record.indexes ?? [])]) await store.putBlob(await spool.read(blob));
      await store.putImage(record);
      if (imageNames.length > 0) await store.setNames(imageNames, record.manifest);
      report.images.push({ manifest: record.manifest, names: imageNames });
    }
    await store.commit();
    report.seconds = (performance.now() - started) / 1000;
    return report;
  } catch (error) {
    if (wrote) await store.abort().catch(() => undefined);
    if (error instanceof CairnError) throw error;
    throw new CorruptDataError(`bundle: ${(error as Error).message}`, { cause: error });
  } finally {
    await decoder?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Rebuilds `layer` through `files` (the store, and the planned files as it asks for them) and
 * hashes it against its DiffID; returns its length. The store's chunks are read unchecked: a
 * layer that does not match is read again with every chunk checked, so that the error names a
 * corrupt chunk of the store rather than the recipe when that is the cause (rebuildLayer's
 * checkChunks false).
 */
async function verifyLayer(layer: PlannedLayer, spool: Spool, files: PlannedFiles, advance: (bytes: number) => void): Promise<number> {
  const recipe = openLayerRecipe({ tarLength: layer.tarLength, parts: layer.parts }, async (hex) => spool.view(hex));
  let bytes = 0;
  // Each piece as it comes lets its rebuilt file go; the layer is hashed, not yielded.
  const each = (piece: Uint8Array): void => {
    files.consumed(piece);
    bytes += piece.length;
    advance(piece.length);
  };
  await checkLayer(recipe, layer.diffId, files, { checkChunks: false, each });
  return bytes;
}
