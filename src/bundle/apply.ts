/** applyBundle: checks a bundle, stores what it carries, rebuilds and verifies every layer, then names the images. */
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatChunkerIdentity } from '../chunker/index.js';
import { zstdDecompress } from '../delta/zstd.js';
import { BadInputError, CairnError, CorruptDataError } from '../errors.js';
import { decodeLayerPart, openLayerRecipe } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { rebuildLayer } from '../tar/index.js';
import type { ByteSource } from '../tar/byte-reader.js';
import { BUNDLE_ARTIFACT_TYPE, CHUNK_RECORD_HEADER, PLAN_MEDIA_TYPE, PLAN_VERSIONS, type BundlePlan, type BundleProgress, type PlannedFile } from './format.js';
import { spoolBundle, type Spool } from './spool.js';
import { unpackLayers } from './unpack.js';
import { applyFileDelta } from './file-delta.js';

export interface ApplyReport {
  /** true when the store already held every target under its names: nothing was written. */
  noop: boolean;
  images: { manifest: string; names: string[] }[];
  files: { digest: string; via: 'chunks' | 'delta' | 'zip-delta'; size: number }[];
  layers: { diffId: string; tarBytes: number }[];
  bytes: number;
  seconds: number;
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bare = (digest: string): string => digest.replace(/^sha256:/, '');

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new BadInputError(`bundle: ${what} is not valid JSON`);
  }
}

async function readPlan(spool: Spool): Promise<BundlePlan> {
  const index = parseJson<{ manifests?: { digest?: string; artifactType?: string }[] }>(spool.index, 'index.json');
  const entry = index.manifests?.find((m) => m.artifactType === BUNDLE_ARTIFACT_TYPE);
  if (!entry?.digest) throw new BadInputError(`bundle: index.json lists no ${BUNDLE_ARTIFACT_TYPE} manifest`);
  const manifest = parseJson<{ artifactType?: string; layers?: { mediaType: string; digest: string }[] }>(await spool.read(entry.digest), 'the bundle manifest');
  if (manifest.artifactType !== BUNDLE_ARTIFACT_TYPE) throw new BadInputError(`bundle: manifest is not a ${BUNDLE_ARTIFACT_TYPE}`);
  for (const layer of manifest.layers ?? []) spool.pathOf(layer.digest);
  const planRef = manifest.layers?.find((l) => l.mediaType === PLAN_MEDIA_TYPE);
  if (!planRef) throw new BadInputError('bundle: manifest lists no plan');
  const plan = parseJson<BundlePlan>(await spool.read(planRef.digest), 'the plan');
  if (!PLAN_VERSIONS.includes(plan.version)) {
    throw new BadInputError(`bundle: plan format version ${JSON.stringify(plan.version)} is not one this cairn reads (${PLAN_VERSIONS.join(', ')}); upgrade cairn`);
  }
  if (!Array.isArray(plan.images) || !Array.isArray(plan.layers) || !Array.isArray(plan.files)) throw new BadInputError('bundle: malformed plan');
  const vias = plan.version === 1 ? ['chunks', 'delta'] : ['chunks', 'delta', 'zip-delta'];
  const odd = plan.files.find((f) => !vias.includes((f as { via?: unknown }).via as string));
  if (odd) throw new BadInputError(`bundle: plan version ${plan.version} has a file via ${JSON.stringify((odd as { via?: unknown }).via)}`);
  if (plan.version < 3 && plan.layers.some((l) => l.packed !== undefined)) throw new BadInputError(`bundle: plan version ${plan.version} has a packed layer recipe`);
  return plan;
}

/** The chunk pack's records by digest: where each one's frame starts, and its lengths. */
async function indexPack(path: string): Promise<Map<string, { at: number; raw: number; stored: number }>> {
  const records = new Map<string, { at: number; raw: number; stored: number }>();
  const size = (await stat(path)).size;
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(CHUNK_RECORD_HEADER);
    for (let at = 0; at < size;) {
      const { bytesRead } = await file.read(head, 0, CHUNK_RECORD_HEADER, at);
      const stored = head.readUInt32BE(36);
      if (bytesRead < CHUNK_RECORD_HEADER || at + CHUNK_RECORD_HEADER + stored > size) {
        throw new CorruptDataError('bundle: chunk pack is cut short', { offset: at });
      }
      records.set(head.subarray(0, 32).toString('hex'), { at: at + CHUNK_RECORD_HEADER, raw: head.readUInt32BE(32), stored });
      at += CHUNK_RECORD_HEADER + stored;
    }
  } finally {
    await file.close();
  }
  return records;
}

export interface ApplyOptions {
  /** Progress, for a bar: bytes of files rebuilt and of layers verified, of their total. */
  onProgress?: (event: BundleProgress) => void;
}

/** Applies a bundle (a tar stream) to `store`; on any failure the store is left as it was (no new names). */
export async function applyBundle(store: Store, source: ByteSource, options: ApplyOptions = {}): Promise<ApplyReport> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'cairn-apply-'));
  let wrote = false;
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
    const pack = plan.chunkPack ? await indexPack(spool.pathOf(plan.chunkPack)) : new Map<string, unknown>();
    await unpackLayers(store, spool, plan);
    await checkFit(store, spool, plan, pack);
    const total = plan.files.reduce((s, f) => s + f.size, 0) + plan.layers.reduce((s, l) => s + l.tarLength, 0);
    let done = 0;
    const advance = (bytes: number) => { done += bytes; options.onProgress?.({ done: Math.min(done, total), total }); };
    wrote = true;
    const packFile = plan.chunkPack ? await open(spool.pathOf(plan.chunkPack), 'r') : undefined;
    try {
      for (const file of plan.files) {
        advance(file.size);
        if (await store.hasFile(file.digest)) continue;
        const content = await rebuildFile(store, spool, file, async (hex) => {
          const record = pack.get(hex) as { at: number; raw: number; stored: number } | undefined;
          if (!record || !packFile) return store.readChunk(hex);
          const frame = Buffer.alloc(record.stored);
          await packFile.read(frame, 0, record.stored, record.at);
          const bytes = Buffer.from(zstdDecompress(frame, record.raw, `chunk sha256:${hex}`));
          if (sha(bytes) !== hex) throw new CorruptDataError(`bundle: chunk sha256:${hex} does not match its digest`, { digest: `sha256:${hex}` });
          return bytes;
        });
        const result = await store.putFileUncommitted([content]);
        if (bare(result.digest) !== file.digest) throw new CorruptDataError(`bundle: file sha256:${file.digest} was stored under another digest`);
        report.files.push({ digest: file.digest, via: file.via, size: content.length });
        report.bytes += content.length;
      }
    } finally {
      await packFile?.close();
    }
    await store.commit();
    // Every layer rebuilt from its recipe and the store, hashed against its DiffID, before anything names it.
    for (const layer of plan.layers) {
      if (await store.hasLayer(layer.diffId)) { advance(layer.tarLength); continue; }
      const recipe = openLayerRecipe({ tarLength: layer.tarLength, parts: layer.parts }, async (hex) => spool.read(hex));
      let bytes = 0;
      for await (const piece of rebuildLayer(recipe, layer.diffId, store)) { bytes += piece.length; advance(piece.length); }
      for (const part of layer.parts) await store.putLayerPart(await spool.read(part.digest));
      await store.putLayerRecipe(layer.diffId, { parts: layer.parts });
      report.layers.push({ diffId: layer.diffId, tarBytes: bytes });
    }
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
    await rm(dir, { recursive: true, force: true });
  }
}

/** Refuses a bundle the store cannot complete: a base layer, file or chunk it lacks. */
async function checkFit(store: Store, spool: Spool, plan: BundlePlan, pack: Map<string, unknown>): Promise<void> {
  const planned = new Set(plan.files.map((f) => f.digest));
  const layers = new Set(plan.layers.map((l) => l.diffId));
  for (const { record } of plan.images) {
    for (const blob of [record.manifest, record.config, ...(record.indexes ?? [])]) spool.pathOf(blob);
    for (const layer of record.layers) {
      if (!layers.has(layer.diffId) && !(await store.hasLayer(layer.diffId))) {
        throw new BadInputError(`bundle does not fit this store: it lacks layer ${layer.diffId} (bundle made against ${plan.from.join(', ') || 'nothing'})`, { digest: layer.diffId });
      }
    }
  }
  for (const layer of plan.layers) {
    for (const part of layer.parts) {
      for (const segment of decodeLayerPart(await spool.read(part.digest), part).segments) {
        if (segment.kind === 'file' && !planned.has(segment.digest) && !(await store.hasFile(segment.digest))) {
          throw new BadInputError(`bundle does not fit this store: it lacks file sha256:${segment.digest} (bundle made against ${plan.from.join(', ') || 'nothing'})`, { digest: `sha256:${segment.digest}` });
        }
      }
    }
  }
  for (const file of plan.files) {
    if (file.via === 'chunks') {
      for (const [digest] of file.chunks) {
        if (!pack.has(digest) && !(await store.hasFile(file.digest)) && !(await store.hasChunk(digest))) {
          throw new BadInputError(`bundle does not fit this store: it lacks chunk sha256:${digest} of file sha256:${file.digest}`, { digest: `sha256:${digest}` });
        }
      }
    }
    if (file.via === 'delta' || file.via === 'zip-delta') {
      spool.pathOf(file.delta);
      if (!planned.has(file.base) && !(await store.hasFile(file.base))) {
        throw new BadInputError(`bundle does not fit this store: it lacks the delta base sha256:${file.base}`, { digest: `sha256:${file.base}` });
      }
    }
  }
}

async function rebuildFile(store: Store, spool: Spool, file: PlannedFile, chunk: (hex: string) => Promise<Buffer>): Promise<Buffer> {
  let content: Buffer;
  if (file.via === 'chunks') {
    const pieces: Buffer[] = [];
    for (const [digest, length] of file.chunks) {
      const bytes = await chunk(digest);
      if (bytes.length !== length) throw new CorruptDataError(`bundle: chunk sha256:${digest} has the wrong length`);
      pieces.push(bytes);
    }
    content = Buffer.concat(pieces);
  } else {
    const pieces: Uint8Array[] = [];
    for await (const piece of store.readFile(file.base)) pieces.push(piece);
    content = Buffer.from(applyFileDelta(file.via, Buffer.concat(pieces), await spool.read(file.delta), file));
  }
  if (content.length !== file.size || sha(content) !== file.digest) {
    throw new CorruptDataError(`bundle: rebuilt file sha256:${file.digest} does not match its digest`, { digest: `sha256:${file.digest}` });
  }
  return content;
}
