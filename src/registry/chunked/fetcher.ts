/**
 * Reading byte ranges of blobs, adapted to what the registry honours. The first blob needed
 * whole (the chunk index) doubles as the probe: `Range: bytes=0-0` (206: single ranges work),
 * then `bytes=0-0,2-2` (206 multipart/byteranges: multi-range works); an answer of 200 is the
 * blob itself, which was wanted anyway. The result is kept per registry for the process.
 * A blob that comes whole (the registry ignored the Range) is kept in a temporary file and
 * read from there for the rest of the pull: no blob is downloaded twice.
 */
import { createHash } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptDataError } from '../../errors.js';
import { byterangesBoundary, coalesce, parseByteranges, parseContentRange, rangeHeader, sliceOf, type ByteRange, type RangePart } from './ranges.js';
import type { BlobResponse, ChunkRemote, Traffic, TrafficKind } from './remote.js';

export type RangeSupport = 'multi' | 'single' | 'none';

/** Ranges at most this far apart are fetched as one: a multipart part header costs about this much. */
export const MULTI_GAP = 256;
/** With single ranges each range is a request: merge more eagerly. */
export const SINGLE_GAP = 64 << 10;
/** Ranges per request, and bytes per request, at most. */
export const RANGES_PER_REQUEST = 128;
export const BYTES_PER_REQUEST = 32 << 20;
/** With single ranges only, a blob is fetched whole once the ranges wanted cover this share of it. */
export const WHOLE_SHARE = 0.75;

const probes = new Map<string, RangeSupport>();

/** @internal forget what was learnt about registries (tests). */
export function forgetProbes(): void {
  probes.clear();
}

const sha = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface BlobRef {
  digest: string;
  size: number;
}

export class RangeFetcher {
  #dir: string | undefined;
  readonly #whole = new Map<string, string>();

  /** `scratch` makes the directory that blobs kept whole go to (the store's scratchDir). */
  constructor(readonly remote: ChunkRemote, readonly traffic: Traffic, readonly scratch: (prefix: string) => Promise<string>) {}

  get support(): RangeSupport | undefined {
    return probes.get(this.remote.registry);
  }

  /** A blob whole, checked against its digest; the registry's Range support is probed on the way if it is not known yet. */
  async whole(blob: BlobRef, kind: TrafficKind): Promise<Buffer> {
    const kept = this.#whole.get(blob.digest);
    if (kept) return readKept(kept, 0, blob.size);
    if (!probes.has(this.remote.registry)) {
      const got = await this.#probe(blob, kind);
      if (got) return got;
    }
    return this.#checked(blob, await this.#get(blob.digest, undefined, kind));
  }

  async #probe(blob: BlobRef, kind: TrafficKind): Promise<Buffer | undefined> {
    const single = await this.#get(blob.digest, 'bytes=0-0', 'probe');
    if (single.status === 200) {
      probes.set(this.remote.registry, 'none');
      this.traffic.received.probe -= single.body.length;
      this.traffic.received[kind] += single.body.length;
      return this.#checked(blob, single);
    }
    if (single.status !== 206 || blob.size < 3) {
      probes.set(this.remote.registry, single.status === 206 ? 'single' : 'none');
      return undefined;
    }
    const multi = await this.#get(blob.digest, 'bytes=0-0,2-2', 'probe');
    if (multi.status === 200) {
      probes.set(this.remote.registry, 'single');
      this.traffic.received.probe -= multi.body.length;
      this.traffic.received[kind] += multi.body.length;
      return this.#checked(blob, multi);
    }
    let support: RangeSupport = 'single';
    try {
      if (multi.status === 206 && this.#parts(multi).length === 2) support = 'multi';
    } catch {
      support = 'single';
    }
    probes.set(this.remote.registry, support);
    return undefined;
  }

  async #get(digest: string, range: string | undefined, kind: TrafficKind): Promise<BlobResponse> {
    const response = await this.remote.getBlob(digest, range, kind);
    this.traffic.got(kind, response.body.length);
    return response;
  }

  #checked(blob: BlobRef, response: BlobResponse): Buffer {
    if (response.status !== 200 || response.body.length !== blob.size || sha(response.body) !== blob.digest) {
      throw new CorruptDataError(`registry: blob ${blob.digest} does not match its digest`, { digest: blob.digest });
    }
    return response.body;
  }

  #parts(response: BlobResponse): RangePart[] {
    const boundary = byterangesBoundary(response.headers['content-type']);
    if (boundary !== undefined) return parseByteranges(response.body, boundary);
    const range = parseContentRange(response.headers['content-range']);
    if (range.end - range.start !== response.body.length) throw new CorruptDataError('registry: a range answer of the wrong length');
    return [{ start: range.start, bytes: response.body }];
  }

  /**
   * The bytes of `ranges` of a blob, as parts that cover every range. Ranges are coalesced
   * and fetched in as few requests as the registry allows; the caller checks every object it
   * cuts from them against its digest.
   */
  async ranges(blob: BlobRef, ranges: readonly ByteRange[], kind: TrafficKind): Promise<RangePart[]> {
    if (ranges.length === 0) return [];
    const kept = this.#whole.get(blob.digest);
    if (kept) return Promise.all(ranges.map(async (r) => ({ start: r.start, bytes: await readKept(kept, r.start, r.end - r.start) })));
    const support = this.support ?? 'none';
    const merged = coalesce(ranges, support === 'multi' ? MULTI_GAP : SINGLE_GAP);
    const wanted = merged.reduce((sum, r) => sum + r.end - r.start, 0);
    if (support === 'none' || (support === 'single' && merged.length > 1 && wanted >= blob.size * WHOLE_SHARE)) {
      return this.#keepWhole(blob, await this.#get(blob.digest, undefined, kind), ranges);
    }
    const parts: RangePart[] = [];
    const perRequest = support === 'multi' ? RANGES_PER_REQUEST : 1;
    for (let i = 0; i < merged.length;) {
      const batch: ByteRange[] = [];
      let bytes = 0;
      while (i < merged.length && batch.length < perRequest && (batch.length === 0 || bytes + merged[i]!.end - merged[i]!.start <= BYTES_PER_REQUEST)) {
        bytes += merged[i]!.end - merged[i]!.start;
        batch.push(merged[i++]!);
      }
      const response = await this.#get(blob.digest, rangeHeader(batch), kind);
      if (response.status === 200) return this.#keepWhole(blob, response, ranges);
      if (response.status !== 206) {
        // The registry refuses these ranges after all: the blob whole, once.
        return this.#keepWhole(blob, await this.#get(blob.digest, undefined, kind), ranges);
      }
      parts.push(...this.#parts(response));
    }
    for (const r of merged) {
      if (!sliceOf(parts, r.start, r.end - r.start)) throw new CorruptDataError(`registry: the answer for ${blob.digest} lacks bytes ${r.start}-${r.end - 1}`, { digest: blob.digest });
    }
    return parts;
  }

  async #keepWhole(blob: BlobRef, response: BlobResponse, ranges: readonly ByteRange[]): Promise<RangePart[]> {
    const bytes = this.#checked(blob, response);
    this.#dir ??= await this.scratch('pull-');
    const path = join(this.#dir, blob.digest.replace(':', '-'));
    await writeFile(path, bytes);
    this.#whole.set(blob.digest, path);
    return ranges.map((r) => ({ start: r.start, bytes: bytes.subarray(r.start, r.end) }));
  }

  /** Removes the blobs kept whole. */
  async close(): Promise<void> {
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
    this.#whole.clear();
  }
}

async function readKept(path: string, start: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const out = Buffer.alloc(length);
    const { bytesRead } = await file.read(out, 0, length, start);
    if (bytesRead !== length) throw new CorruptDataError(`a kept blob is shorter than expected (${path})`);
    return out;
  } finally {
    await file.close();
  }
}
