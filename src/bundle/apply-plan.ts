/**
 * What apply reads before it writes: the plan (found through index.json and the bundle
 * manifest, its version and shape checked), the chunk pack's records, and whether the bundle
 * fits the store (every base layer, file, chunk and delta base it needs is in the bundle or the store).
 */
import { readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { hexOf, parseDigest } from '../digest.js';
import { BadInputError, CorruptDataError } from '../errors.js';
import { decodeLayerPart } from '../recipe/index.js';
import type { Store } from '../store/index.js';
import { BUNDLE_ARTIFACT_TYPE, CHUNK_RECORD_HEADER, PLAN_MEDIA_TYPE, PLAN_VERSIONS, type BundlePlan } from './format.js';
import type { Spool } from './spool.js';

/** Digests looked up per index read by the fit check. */
const LOOKUPS = 4096;

/** Where a chunk's bytes start in the pack (or raw chunk sections), the chunk's length and theirs, and whether they are a zstd frame (a chunk pack's) or the chunk itself (a section's). */
export interface PackRecord { at: number; raw: number; stored: number; zstd: boolean }

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new BadInputError(`bundle: ${what} is not valid JSON`);
  }
}

export async function readPlan(spool: Spool): Promise<BundlePlan> {
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

/**
 * The chunk pack's records by digest: where each one's frame starts, and its lengths. The
 * headers are read synchronously, one system call each, where an asynchronous read per record
 * costs a trip through libuv's thread pool.
 */
export async function indexPack(path: string): Promise<Map<string, PackRecord>> {
  const records = new Map<string, PackRecord>();
  const size = (await stat(path)).size;
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(CHUNK_RECORD_HEADER);
    for (let at = 0; at < size;) {
      const bytesRead = readSync(file.fd, head, 0, CHUNK_RECORD_HEADER, at);
      const stored = head.readUInt32BE(36);
      if (bytesRead < CHUNK_RECORD_HEADER || at + CHUNK_RECORD_HEADER + stored > size) {
        throw new CorruptDataError('bundle: chunk pack is cut short', { offset: at });
      }
      records.set(head.subarray(0, 32).toString('hex'), { at: at + CHUNK_RECORD_HEADER, raw: head.readUInt32BE(32), stored, zstd: true });
      at += CHUNK_RECORD_HEADER + stored;
    }
  } finally {
    await file.close();
  }
  return records;
}

/** Refuses a bundle the store cannot complete: a base layer, file or chunk it lacks. */
export async function checkFit(store: Store, spool: Spool, plan: BundlePlan, pack: Map<string, unknown>): Promise<void> {
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
  // Every file the layers reference, once, in order; looked up many at a time.
  const referenced = new Set<string>();
  for (const layer of plan.layers) {
    for (const part of layer.parts) {
      for (const segment of decodeLayerPart(await spool.view(part.digest), part).segments) {
        if (segment.kind === 'file' && !planned.has(segment.digest)) referenced.add(segment.digest);
      }
    }
  }
  const digests = [...referenced];
  const held = await holdsAll(store, 'file', digests);
  const missing = digests.find((_, k) => !held[k]);
  if (missing !== undefined) {
    throw new BadInputError(`bundle does not fit this store: it lacks file sha256:${missing} (bundle made against ${plan.from.join(', ') || 'nothing'})`, { digest: `sha256:${missing}` });
  }
  // The planned files' chunks and delta bases: looked up together, the first missing one named (in plan order).
  const hex = (digest: string): string => hexOf(parseDigest(digest));
  const filesHeld = await holdsAll(store, 'file', plan.files.map((f) => hex(f.digest)));
  const chunks = new Set<string>();
  const bases = new Set<string>();
  for (const [i, file] of plan.files.entries()) {
    if (file.via === 'chunks' && !filesHeld[i]) for (const [digest] of file.chunks) if (typeof digest === 'string' && !pack.has(digest)) chunks.add(hex(digest));
    if ((file.via === 'delta' || file.via === 'zip-delta') && !planned.has(file.base)) bases.add(hex(file.base));
  }
  const chunksHeld = await heldOf(store, 'chunk', [...chunks]);
  const basesHeld = await heldOf(store, 'file', [...bases]);
  for (const [i, file] of plan.files.entries()) {
    if (file.via === 'chunks' && !filesHeld[i]) {
      for (const [digest] of file.chunks) {
        if (typeof digest !== 'string') throw new BadInputError(`bundle: file sha256:${file.digest} lists a chunk without its digest`);
        if (!pack.has(digest) && !chunksHeld.has(hex(digest))) {
          throw new BadInputError(`bundle does not fit this store: it lacks chunk sha256:${digest} of file sha256:${file.digest}`, { digest: `sha256:${digest}` });
        }
      }
    }
    if (file.via === 'delta' || file.via === 'zip-delta') {
      spool.pathOf(file.delta);
      if (!planned.has(file.base) && !basesHeld.has(hex(file.base))) {
        throw new BadInputError(`bundle does not fit this store: it lacks the delta base sha256:${file.base}`, { digest: `sha256:${file.base}` });
      }
    }
  }
}

/** Whether the store holds each of `hexes`, looked up LOOKUPS at a time (one index read per batch). */
async function holdsAll(store: Store, kind: 'chunk' | 'file', hexes: readonly string[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < hexes.length; i += LOOKUPS) out.push(...await store.holdsMany(kind, hexes.slice(i, i + LOOKUPS)));
  return out;
}

/** The ones of `hexes` the store holds. */
async function heldOf(store: Store, kind: 'chunk' | 'file', hexes: readonly string[]): Promise<Set<string>> {
  const held = await holdsAll(store, kind, hexes);
  return new Set(hexes.filter((_, i) => held[i]));
}
