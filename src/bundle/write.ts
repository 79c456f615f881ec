/** writeBundle: what a receiver holding the base images needs to build the targets, as a bundle (docs/bundle.md). */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatChunkerIdentity } from '../chunker/index.js';
import { zstdCompress } from '../delta/zstd.js';
import type { ImageRecord } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { plannedRebuilds } from './blob-rebuilds.js';
import { BaseCatalog } from './catalog.js';
import { layerFiles } from './layer-files.js';
import { DeltaPool } from './delta-pool.js';
import { fileDelta } from './file-delta.js';
import type { Inventory } from './inventory.js';
import { concatDigest, encodeLayerPack, layerRecipeBytes, type LayerRecipeBytes } from './layer-pack.js';
import {
  ANNOTATION_CHUNKER, ANNOTATION_FROM, ANNOTATION_INVENTORY, ANNOTATION_TARGETS, BUNDLE_ARTIFACT_TYPE, CHUNK_PACK_MEDIA_TYPE, CHUNK_SECTION_MEDIA_TYPE, CHUNK_RECORD_HEADER,
  DELTA_MEDIA_TYPE, DELTA_SECTION_MEDIA_TYPE, LAYER_PACK_MEDIA_TYPE, ZIP_DELTA_MEDIA_TYPE, EMPTY_MEDIA_TYPE, INDEX_MEDIA_TYPE, LAYER_PART_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, OCI_LAYOUT, PLAN_MEDIA_TYPE,
  BLOB_MEDIA_TYPE, fileClass, type BundlePlan, type BundleProgress, type BundleReport, type Descriptor, type FileChoice, type PlannedChunk, type PlannedFile, type PlannedLayer,
} from './format.js';
import { DeltaSection } from './delta-section.js';
import { ChunkSections } from './chunk-sections.js';
import { BlobDir, plainLayout, zstdLayout, type FrameBytes } from './layout-out.js';

/** Format 4: an sa delta's raw variant is shipped unless the other delta is smaller by more than this factor. */
const RAW_PREFERENCE = 1.25;
/** Format 5: the zstd level a file's new chunks are priced at (each alone), against its delta; the sections are compressed at the bundle's level. */
const PRICE_LEVEL = 3;

export interface WriteBundleOptions {
  /** Images (names, digests or prefixes) the receiver already holds. */
  from?: readonly string[];
  /** The receiver's inventory (cairn inventory), instead of or besides `from`. */
  have?: Inventory;
  /** zstd level of chunks and deltas (default 19). */
  level?: number;
  /** Progress, for a bar: tar bytes of the new target layers planned so far, of their total. */
  onProgress?: (event: BundleProgress) => void;
  /** Try zip-aware deltas for zip and jar files (default true; false: plain deltas only, for comparison). */
  zipDeltas?: boolean;
  /** Pack and compress each layer's recipe parts against a base layer's (plan version 3; default true; false: parts as raw blobs, version 1 or 2). */
  packRecipes?: boolean;
  /**
   * With packed recipes: 5 (default), as 4 with the new chunks in chunk sections compressed
   * together against base files near them; 4, the layout tar compressed as zstd frames with
   * every delta in one section compressed together and the chunks in a pack, each compressed
   * alone; 3, a plain tar with a blob per delta.
   */
  format?: 3 | 4 | 5;
}

async function fileBytes(store: Store, digest: string): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of store.readFile(digest)) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** Writes a bundle of `targets` for a receiver holding `options.from` to `output`; returns what went in. */
export async function writeBundle(store: Store, targets: readonly string[], options: WriteBundleOptions, output: Writable): Promise<BundleReport> {
  const started = performance.now();
  const level = options.level ?? 19;
  const dir = await store.scratchDir('bundle-');
  try {
    const blobs = new BlobDir();
    const base = new BaseCatalog();
    const from: string[] = [];
    const fromRecords: ImageRecord[] = [];
    for (const ref of options.from ?? []) {
      const digest = await store.resolveImage(ref);
      from.push(digest);
      const record = await store.getImage(digest);
      fromRecords.push(record);
      for (const layer of record.layers) await base.addLayer(store, layer.diffId);
    }
    if (options.have) {
      await base.addInventory(store, options.have, formatChunkerIdentity(store.chunkerIdentity));
      for (const image of options.have.images) {
        if (from.includes(image) || !(await store.hasBlob(image))) continue;
        from.push(image);
        try { fromRecords.push(await store.getImage(image)); } catch { /* a blob that is not an image this store records: no recipe base */ }
      }
    }
    const packRecipes = options.packRecipes !== false;
    const joint = packRecipes && options.format !== 3;
    const sectioned = joint && options.format !== 4;
    const baseRecipes = new Map<string, LayerRecipeBytes>();
    /** The base layer for target layer `index`: the same index of the first base image that has one. */
    const baseRecipeFor = async (index: number): Promise<{ diffId: string; recipe: LayerRecipeBytes } | undefined> => {
      const diffId = fromRecords.find((r) => r.layers[index] && base.layers.has(r.layers[index]!.diffId))?.layers[index]!.diffId;
      if (!diffId || !(await store.hasLayer(diffId))) return undefined;
      if (!baseRecipes.has(diffId)) baseRecipes.set(diffId, await layerRecipeBytes(store, diffId));
      return { diffId, recipe: baseRecipes.get(diffId)! };
    };
    const names = await store.listNames();
    const plan: BundlePlan = { version: 1, chunker: formatChunkerIdentity(store.chunkerIdentity), from, images: [], layers: [], files: [] };
    const report: BundleReport = { bytes: 0, chunkBytes: 0, deltaBytes: 0, metadataBytes: 0, layers: [], files: [], classes: {}, seconds: 0 };
    const planned = new Set<string>(base.files);
    /** The files the target layers reference, each once, in order: how a version 5 plan names its files. */
    const fileOrder = new Map<string, number>();
    const shipped = new Set<string>(base.chunks);
    const packPath = join(dir, 'chunks');
    const pack = await open(packPath, 'w');
    let packBytes = 0;
    let sectionBytes = 0;
    const deltas = new DeltaPool(level, options.zipDeltas !== false, joint);
    const section = await DeltaSection.create(join(dir, 'deltas'));
    const chunkSections = new ChunkSections<FileChoice>(dir);
    /** Format 5: for each report.files entry shipped by chunks, its layer's stats. */
    const chunkStats = new Map<FileChoice, { chunkBytes: number }>();
    try {
      const targetDigests: string[] = [];
      const progress = await progressOf(store, targets, base.layers, options.onProgress);
      for (const ref of targets) {
        const digest = await store.resolveImage(ref);
        if (targetDigests.includes(digest)) continue;
        targetDigests.push(digest);
        const record = await store.getImage(digest);
        for (const blob of [record.manifest, record.config, ...(record.indexes ?? [])]) blobs.add(await store.getBlob(blob));
        plan.images.push({ record, names: names.filter((n) => n.image === digest).map((n) => n.name) });
        for (const [index, layer] of record.layers.entries()) {
          if (base.layers.has(layer.diffId) || plan.layers.some((l) => l.diffId === layer.diffId)) continue;
          const stats = { diffId: layer.diffId, files: 0, chunkBytes: 0, deltaBytes: 0 };
          const parts = await layerRecipeBytes(store, layer.diffId);
          const referenced = parts.files;
          for (const digest of referenced) if (!fileOrder.has(digest)) fileOrder.set(digest, fileOrder.size);
          plan.layers.push(packRecipes ? packedLayer(layer.diffId, parts, await baseRecipeFor(index), blobs, level, sectioned) : rawLayer(layer.diffId, parts, blobs));
          const listed = await layerFiles(store, layer.diffId);
          // A file the recipe references that the tar reader did not list as a regular file (none expected): shipped by chunks.
          const seen = new Set(listed.map((f) => f.digest));
          for (const digest of referenced) if (!seen.has(digest)) listed.push({ path: '', digest, size: (await store.stat(digest)).size });
          await scheduleDeltas(store, listed, planned, shipped, base, deltas);
          for (const file of listed) {
            progress.file(file.size);
            if (planned.has(file.digest)) {
              if (!base.files.has(file.digest)) continue;
              const same = base.baseFor(file.path, file.size);
              if (!same || same.digest !== file.digest || same.path !== file.path) {
                report.files.push({ path: file.path, digest: file.digest, size: file.size, via: 'recipe', bytes: 0 });
              }
              continue;
            }
            planned.add(file.digest);
            stats.files++;
            const content = await fileBytes(store, file.digest);
            const recipe = await store.getFileRecipe(file.digest);
            const records: Uint8Array[] = [];
            const newChunks = new Set<string>();
            const raw: Uint8Array[] = [];
            const listed: PlannedChunk[] = [];
            let offset = 0;
            for (const chunk of recipe.chunks) {
              const bytes = content.subarray(offset, offset + chunk.length);
              offset += chunk.length;
              if (shipped.has(chunk.digest) || newChunks.has(chunk.digest)) { listed.push([chunk.digest, chunk.length]); continue; }
              newChunks.add(chunk.digest);
              listed.push(sectioned ? [chunk.length] : [chunk.digest, chunk.length]);
              raw.push(bytes);
              const frame = zstdCompress(bytes, { level: sectioned ? PRICE_LEVEL : level });
              const head = Buffer.alloc(CHUNK_RECORD_HEADER);
              Buffer.from(chunk.digest, 'hex').copy(head, 0);
              head.writeUInt32BE(bytes.length, 32);
              head.writeUInt32BE(frame.length, 36);
              records.push(head, frame);
            }
            const chunkBytes = records.reduce((sum, r) => sum + r.length, 0);
            const choice: FileChoice = { path: file.path, digest: file.digest, size: file.size, via: 'chunks', bytes: chunkBytes, chunkBytes };
            const candidate = chunkBytes > 0 && file.path !== '' ? base.baseFor(file.path, file.size) : undefined;
            let entry: PlannedFile = { digest: file.digest, size: file.size, via: 'chunks', chunks: listed };
            if (candidate) {
              const chosen = (await deltas.take(file.digest, candidate.digest)) ?? fileDelta(await fileBytes(store, candidate.digest), content, level, options.zipDeltas !== false, joint);
              choice.deltaBytes = chosen.deltaBytes;
              if (chosen.zipDeltaBytes !== undefined) choice.zipDeltaBytes = chosen.zipDeltaBytes;
              if (chosen.zipReason !== undefined) choice.zipReason = chosen.zipReason;
              // Version 4: the sa delta's raw variant, priced at what it adds to the section, unless the
              // other delta is more than RAW_PREFERENCE times smaller (raw content in the section can
              // make later files' deltas cheaper; a compressed one cannot).
              let [bytes, cost, method] = [chosen.blob, chosen.blob.length, chosen.method as string];
              if (joint && chosen.raw) {
                const marginal = section.marginal(chosen.raw, level);
                if (marginal <= cost * RAW_PREFERENCE) [bytes, cost, method] = [chosen.raw, marginal, 'sa'];
              }
              if (cost < chunkBytes) {
                if (joint) {
                  await section.append(bytes);
                  entry = { digest: file.digest, size: file.size, via: chosen.via, base: candidate.digest, length: bytes.length } as unknown as PlannedFile;
                } else {
                  entry = { digest: file.digest, size: file.size, via: chosen.via, base: candidate.digest, delta: blobs.add(chosen.blob) };
                }
                Object.assign(choice, { via: chosen.via, bytes: cost, base: candidate.path, method });
                stats.deltaBytes += cost;
              }
            }
            if (entry.via === 'chunks' && sectioned) {
              await chunkSections.add(choice, file.path, raw);
              chunkStats.set(choice, stats);
              stats.chunkBytes += chunkBytes;
              for (const c of newChunks) shipped.add(c);
            } else if (entry.via === 'chunks') {
              for (const r of records) { await pack.write(r); packBytes += r.length; }
              for (const c of newChunks) shipped.add(c);
              stats.chunkBytes += chunkBytes;
            }
            plan.files.push(entry);
            report.files.push(choice);
          }
          report.layers.push(stats);
          progress.layer(layer.tarBytes);
        }
      }
    } finally {
      await deltas.close();
      await pack.close();
      await section.close();
    }
    try {
      const written = await chunkSections.finish(store, base.held, level);
      const sizes: number[] = [];
      if (written.length > 0) plan.sections = [];
      for (const w of written) {
        const blob = await blobs.addFile(w.path);
        plan.sections!.push({ blob, length: w.length, ...(w.dictionary ? { dictionary: w.dictionary } : {}) });
        sizes.push(blobs.size(blob));
        sectionBytes += blobs.size(blob);
      }
      // Each file shipped by chunks is charged its share (by raw bytes) of its sections' compressed sizes.
      for (const [choice, bytes] of chunkSections.charges(sizes)) {
        chunkStats.get(choice)!.chunkBytes += bytes - choice.bytes;
        choice.bytes = bytes;
        choice.chunkBytes = bytes;
      }
    } finally {
      await chunkSections.close();
    }
    const layers: Descriptor[] = [];
    if (packBytes > 0) {
      plan.chunkPack = await blobs.addFile(packPath);
      layers.push({ mediaType: CHUNK_PACK_MEDIA_TYPE, digest: plan.chunkPack, size: packBytes });
    }
    for (const s of plan.sections ?? []) layers.push({ mediaType: CHUNK_SECTION_MEDIA_TYPE, digest: s.blob, size: blobs.size(s.blob) });
    if (section.bytes > 0) {
      plan.deltas = await blobs.addFile(section.path);
      layers.push({ mediaType: DELTA_SECTION_MEDIA_TYPE, digest: plan.deltas, size: section.bytes });
    }
    for (const f of plan.files) {
      if (f.via === 'chunks' || joint) continue;
      layers.push({ mediaType: f.via === 'zip-delta' ? ZIP_DELTA_MEDIA_TYPE : DELTA_MEDIA_TYPE, digest: f.delta, size: blobs.size(f.delta) });
    }
    if (plan.files.some((f) => f.via === 'zip-delta')) plan.version = 2;
    if (packRecipes) plan.version = sectioned ? 5 : joint ? 4 : 3;
    for (const l of plan.layers) {
      if (l.packed) layers.push({ mediaType: LAYER_PACK_MEDIA_TYPE, digest: l.packed.blob, size: blobs.blobs.get(l.packed.blob.slice(7))!.size });
      else for (const p of l.parts) layers.push({ mediaType: LAYER_PART_MEDIA_TYPE, digest: `sha256:${p.digest}`, size: blobs.blobs.get(p.digest)!.size });
    }
    for (const image of plan.images) {
      for (const blob of [image.record.manifest, image.record.config, ...(image.record.indexes ?? [])]) {
        layers.push({ mediaType: BLOB_MEDIA_TYPE, digest: blob, size: blobs.blobs.get(blob.slice(7))!.size });
      }
    }
    const shippedLayers = new Set(plan.layers.map((l) => l.diffId));
    for (const image of plan.images) {
      const rebuilds = await plannedRebuilds(store, image.record, (diffId) => shippedLayers.has(diffId));
      if (rebuilds) image.blobs = rebuilds;
    }
    const planBytes = Buffer.from(JSON.stringify(sectioned ? { ...plan, files: placedFiles(plan.files, fileOrder) } : plan));
    layers.unshift({ mediaType: PLAN_MEDIA_TYPE, digest: blobs.add(planBytes), size: planBytes.length });
    const empty = Buffer.from('{}');
    // One bundle manifest per target image, the same but for its subject (the target's manifest).
    const manifests = plan.images.map(({ record: target }) => {
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, artifactType: BUNDLE_ARTIFACT_TYPE,
        config: { mediaType: EMPTY_MEDIA_TYPE, digest: blobs.add(empty), size: empty.length },
        layers,
        subject: { mediaType: target.manifestMediaType, digest: target.manifest, size: blobs.blobs.get(target.manifest.slice(7))!.size },
        annotations: { [ANNOTATION_FROM]: from.join(','), ...(options.have ? { [ANNOTATION_INVENTORY]: options.have.images.join(',') } : {}), [ANNOTATION_TARGETS]: plan.images.map((i) => i.record.manifest).join(','), [ANNOTATION_CHUNKER]: plan.chunker },
      }));
      return { mediaType: MANIFEST_MEDIA_TYPE, artifactType: BUNDLE_ARTIFACT_TYPE, digest: blobs.add(manifest), size: manifest.length };
    });
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX_MEDIA_TYPE, manifests }));
    let total = 0;
    const counted = async function* (source: AsyncIterable<Uint8Array>) { for await (const p of source) { total += p.length; yield p; } };
    const frames: FrameBytes = { metadata: 0, deltas: 0, chunks: 0 };
    const compressed = [...(plan.chunkPack ? [plan.chunkPack] : []), ...(plan.sections ?? []).map((x) => x.blob)];
    const layout = joint ? zstdLayout(blobs, index, { ...(plan.deltas ? { deltas: plan.deltas } : {}), compressed }, level, frames) : plainLayout(blobs, index);
    await pipeline(Readable.from(counted(layout)), output);
    report.bytes = total;
    // Format 4: what the chunk pack's and the delta section's frames took; else their blobs' sizes.
    report.chunkBytes = joint && frames.chunks > 0 ? frames.chunks : packBytes + sectionBytes;
    report.deltaBytes = joint ? frames.deltas : report.layers.reduce((sum, l) => sum + l.deltaBytes, 0);
    report.metadataBytes = total - report.chunkBytes - report.deltaBytes;
    for (const file of report.files) {
      const entry = (report.classes[fileClass(file.path)] ??= { files: 0, size: 0, bytes: 0 });
      entry.files++;
      entry.size += file.size;
      entry.bytes += file.bytes;
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts on the delta pool the deltas the planning loop will ask for in this layer: files not
 * yet planned, with a base candidate and a chunk not yet shipped (the loop computes any other
 * it needs inline). Only when there are two or more: one alone gains nothing from a worker.
 */
async function scheduleDeltas(store: Store, listed: readonly { path: string; digest: string; size: number }[], planned: Set<string>, shipped: Set<string>, base: BaseCatalog, pool: DeltaPool): Promise<void> {
  const wanted: { digest: string; base: string; cost: number }[] = [];
  const seen = new Set<string>();
  for (const file of listed) {
    if (planned.has(file.digest) || seen.has(file.digest) || file.path === '') continue;
    seen.add(file.digest);
    const candidate = base.baseFor(file.path, file.size);
    if (!candidate) continue;
    if ((await store.getFileRecipe(file.digest)).chunks.every((c) => shipped.has(c.digest))) continue;
    wanted.push({ digest: file.digest, base: candidate.digest, cost: file.size + candidate.size });
  }
  if (wanted.length < 2) return;
  for (const w of wanted) pool.schedule(w.digest, w.base, w.cost, async () => [await fileBytes(store, w.base), await fileBytes(store, w.digest)]);
}

/** Progress by tar bytes: each file's size as it is planned, each layer's whole tar when it is done. */
async function progressOf(store: Store, targets: readonly string[], held: Set<string>, onProgress: WriteBundleOptions['onProgress']) {
  const sizes = new Map<string, number>();
  if (onProgress) {
    for (const ref of targets) for (const l of (await store.getImage(await store.resolveImage(ref))).layers) if (!held.has(l.diffId)) sizes.set(l.diffId, l.tarBytes);
  }
  const total = [...sizes.values()].reduce((s, n) => s + n, 0);
  let layers = 0;
  let files = 0;
  return {
    file(size: number) { files += size; onProgress?.({ done: Math.min(layers + files, total), total }); },
    layer(tarBytes: number) { layers += tarBytes; files = 0; onProgress?.({ done: Math.min(layers, total), total }); },
  };
}

/** A layer's recipe as version 1 and 2 bundles carry it: each part a blob. */
function rawLayer(diffId: string, recipe: LayerRecipeBytes, blobs: BlobDir): PlannedLayer {
  for (const part of recipe.parts) blobs.add(part);
  return { diffId, tarLength: recipe.root.tarLength, parts: recipe.root.parts.map((p) => ({ digest: p.digest, tarLength: p.tarLength })) };
}

/**
 * A layer's recipe as versions 3-5 carry it: its parts packed in one blob, compressed against a
 * base layer's recipe when there is one. Version 5 (`compact`) names neither the parts (the
 * layer's DiffID checks them) nor the base recipe by more than the first 16 hex digits of its digest.
 */
function packedLayer(diffId: string, recipe: LayerRecipeBytes, base: { diffId: string; recipe: LayerRecipeBytes } | undefined, blobs: BlobDir, level: number, compact: boolean): PlannedLayer {
  const blob = blobs.add(encodeLayerPack(recipe.parts, base?.recipe.parts, level));
  const baseDigest = base && concatDigest(base.recipe.parts).slice(0, compact ? COMPACT_BASE_DIGEST : undefined);
  return {
    diffId, tarLength: recipe.root.tarLength,
    parts: recipe.root.parts.map((p, i) => ({ ...(compact ? {} : { digest: p.digest }), tarLength: p.tarLength, size: recipe.parts[i]!.length })) as PlannedLayer['parts'],
    packed: base ? { blob, base: base.diffId, baseDigest } : { blob },
  };
}

/**
 * Version 5: the plan's files named by place instead of digest: each is the file `skip` places
 * (0 when absent) after the previous one among the files the layers reference (`order`).
 */
function placedFiles(files: readonly PlannedFile[], order: ReadonlyMap<string, number>): object[] {
  let previous = -1;
  return files.map((file) => {
    const at = order.get(file.digest);
    if (at === undefined) return file; // not referenced by a layer (none expected): named by digest
    const { digest: _, ...rest } = file;
    // A delta's base by the first digits of its digest (the receiver's store resolves them).
    if (rest.via !== 'chunks') rest.base = rest.base.slice(0, COMPACT_BASE_DIGEST);
    const skip = at - previous - 1;
    previous = at;
    return skip === 0 ? rest : { skip, ...rest };
  });
}

/** Hex digits of a base recipe's or a delta base's digest a version 5 plan gives (enough to tell two encodings apart, or to find a file). */
const COMPACT_BASE_DIGEST = 16;
