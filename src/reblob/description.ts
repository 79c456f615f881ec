/**
 * A blob description (store record kind 10): for one compressed layer blob, whether and how
 * it is rebuilt byte for byte from its layer's tar. Identity: the blob's digest. Pure: JSON
 * in and out, checked on the way in (docs/store-format.md, "Blob description").
 */
import { CorruptDataError } from '../errors.js';
import { parseDigest } from '../digest.js';
// params.js alone, not the deflate index: opening a store (`cairn ls`) then loads no inflater.
import { checkParams } from '../deflate/params.js';
import type { GzipDescriptor } from '../deflate/index.js';

/** How a zstd blob is rebuilt: zstd-napi's streaming compressor at these parameters. */
export interface ZstdDescriptor {
  format: 'zstd';
  /** zstd-napi's version string (libzstd's), as the output depends on it. */
  zstd: string;
  level: number;
  checksum: boolean;
  /** The frame header states the content size (pledged before compressing). */
  contentSize: boolean;
}

export type BlobRebuild = GzipDescriptor | ZstdDescriptor;

interface DescriptionBase {
  version: 1;
  /** sha256:… of the compressed blob (the record's identity). */
  digest: string;
  size: number;
  mediaType: string;
  /** sha256:… of the uncompressed tar: the layer recipe it is rebuilt from. */
  diffId: string;
  /** The layer descriptor as the manifest gives it, verbatim (JSON text). */
  descriptor: string;
}

/**
 * `unconfirmed` (with `reproduced: false`): how the blob is said to be rebuilt, by a chunk
 * artifact or a bundle, not yet checked against the blob. Export and push use it and check the
 * digest of what it makes; where that differs they compress the tar anew instead
 * (src/reblob/rebuild.ts). A cairn that does not know the field reads "not reproduced".
 */
export type BlobDescription =
  | (DescriptionBase & { reproduced: true; rebuild: BlobRebuild })
  | (DescriptionBase & { reproduced: false; reason: string; unconfirmed?: BlobRebuild });

/** How the description says the blob is rebuilt, confirmed or not (undefined: it cannot be). */
export function rebuildOf(d: BlobDescription): BlobRebuild | undefined {
  return d.reproduced ? d.rebuild : d.unconfirmed;
}

export function encodeDescription(d: BlobDescription): Buffer {
  return Buffer.from(JSON.stringify(d));
}

function fail(why: string): never {
  throw new CorruptDataError(`blob description: ${why}`);
}

function checkRebuild(value: unknown): BlobRebuild {
  const r = value as { format?: string; members?: GzipDescriptor['members']; tail?: unknown; zstd?: unknown; level?: unknown; checksum?: unknown; contentSize?: unknown } | null;
  if (r?.format === 'gzip') {
    if (!Array.isArray(r.members) || r.members.length !== 1 || typeof r.tail !== 'string') fail('bad gzip descriptor');
    for (const m of r.members) {
      if (typeof m?.header !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(m.header) || !Number.isSafeInteger(m.size) || m.size < 0) fail('bad gzip member');
      try {
        checkParams(m.deflate);
      } catch (cause) {
        fail((cause as Error).message);
      }
    }
    return r as unknown as GzipDescriptor;
  }
  if (r?.format === 'zstd') {
    if (typeof r.zstd !== 'string' || !Number.isInteger(r.level) || typeof r.checksum !== 'boolean' || typeof r.contentSize !== 'boolean') fail('bad zstd descriptor');
    return r as unknown as ZstdDescriptor;
  }
  return fail('unknown rebuild format');
}

/** Parses and checks a stored description (CorruptDataError when it is not one). */
export function decodeDescription(bytes: Uint8Array): BlobDescription {
  let d: Partial<BlobDescription> & { rebuild?: unknown; reason?: unknown };
  try {
    d = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof d;
  } catch {
    return fail('not JSON');
  }
  if (d?.version !== 1) fail('unknown version');
  try {
    parseDigest(String(d.digest));
    parseDigest(String(d.diffId));
  } catch {
    fail('bad digest');
  }
  if (!Number.isSafeInteger(d.size) || d.size! < 0 || typeof d.mediaType !== 'string' || typeof d.descriptor !== 'string') fail('bad blob fields');
  if (d.reproduced === true) checkRebuild(d.rebuild);
  else if (d.reproduced !== false || typeof d.reason !== 'string') fail('no rebuild and no reason');
  else if ((d as { unconfirmed?: unknown }).unconfirmed !== undefined) checkRebuild((d as { unconfirmed?: unknown }).unconfirmed);
  return d as BlobDescription;
}
