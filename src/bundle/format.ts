/**
 * The bundle format (docs/bundle.md): an OCI image layout in a tar whose manifest is a cairn
 * artifact. This module holds its names and the plan's shape; no I/O.
 */
import type { WrittenDescriptor } from '../oci/index.js';
import type { BlobRebuild } from '../reblob/description.js';
import type { ImageRecord } from '../recipe/index.js';

export const BUNDLE_ARTIFACT_TYPE = 'application/vnd.cairn.bundle.v1';
export const PLAN_MEDIA_TYPE = 'application/vnd.cairn.bundle.plan.v1+json';
export const CHUNK_PACK_MEDIA_TYPE = 'application/vnd.cairn.bundle.chunks.v1';
export const LAYER_PART_MEDIA_TYPE = 'application/vnd.cairn.layer.part.v1';
/** A layer's recipe parts back to back, zstd-compressed (src/bundle/layer-pack.ts); plan version 3. */
export const LAYER_PACK_MEDIA_TYPE = 'application/vnd.cairn.layer.parts.v1+zstd';
export const DELTA_MEDIA_TYPE = 'application/vnd.cairn.delta.v1';
/** Version 4: every delta of the bundle back to back (sa deltas as their raw variant), compressed together by the container. */
export const DELTA_SECTION_MEDIA_TYPE = 'application/vnd.cairn.bundle.deltas.v1';
/** Version 5: new chunks raw, back to back, as one zstd frame compressed against a dictionary of base files (chunk-sections.ts). */
export const CHUNK_SECTION_MEDIA_TYPE = 'application/vnd.cairn.bundle.chunk-section.v1+zstd';
/** A zip-aware delta (src/zip/delta.ts); its presence makes the plan version 2. */
export const ZIP_DELTA_MEDIA_TYPE = 'application/vnd.cairn.zip-delta.v1';
/**
 * Plan versions this cairn reads: 1, 2 (which adds files `via: "zip-delta"`) and 3 (layers'
 * recipe parts packed and compressed, `PlannedLayer.packed`; zip deltas allowed) and 4 (the
 * container compressed as zstd frames, the deltas in one section: `BundlePlan.deltas`, each
 * delta file with its `length` there instead of a blob of its own) and 5 (new chunks in
 * compressed chunk sections, `BundlePlan.sections`, instead of a chunk pack; a chunk there is
 * listed by its length alone).
 */
export const PLAN_VERSIONS: readonly number[] = [1, 2, 3, 4, 5];
export const BLOB_MEDIA_TYPE = 'application/octet-stream';
export const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const ANNOTATION_FROM = 'dev.cairn.bundle.from';
/** The image digests of the inventory a bundle was made against (`--have`). */
export const ANNOTATION_INVENTORY = 'dev.cairn.bundle.inventory';
export const ANNOTATION_TARGETS = 'dev.cairn.bundle.targets';
export const ANNOTATION_CHUNKER = 'dev.cairn.bundle.chunker';
export const OCI_LAYOUT = '{"imageLayoutVersion":"1.0.0"}';
/** A chunk record in the chunk pack: 32-byte digest, u32 BE raw length, u32 BE stored length, zstd frame. */
export const CHUNK_RECORD_HEADER = 40;

export type Descriptor = WrittenDescriptor;

/**
 * One chunk of a file shipped by chunks: held by the receiver or shipped earlier in the bundle
 * (by digest), or (version 5) the next `length` bytes of the chunk sections. A reader fills the
 * digest of the latter in once it has cut the sections.
 */
export type PlannedChunk = [digest: string, length: number] | [length: number];

/** How the receiver gets one file it lacks. */
export type PlannedFile =
  | { digest: string; size: number; via: 'chunks'; chunks: PlannedChunk[] }
  | {
    digest: string; size: number; via: 'delta' | 'zip-delta'; base: string;
    /** The delta blob (sha256:…). Version 4 plans carry `length` instead; the reader fills `delta` in once it has cut the section. */
    delta: string;
    /** Version 4: the delta's length in the section (deltas are there in plan order). */
    length?: number;
  };

export interface PlannedLayer {
  diffId: string;
  tarLength: number;
  /**
   * `size`: the part's encoded length (versions 3-5, where the parts are packed). Version 5 names
   * no part: the reader fills `digest` in once it has unpacked them.
   */
  parts: { digest: string; tarLength: number; size?: number }[];
  /**
   * Version 3: the parts are not blobs of their own but one packed blob (zstd frames of the
   * parts back to back), compressed with the recipe of `base` (a DiffID the receiver holds) as
   * dictionary when `base` is set; `baseDigest` is the sha256 of that base recipe's parts back to
   * back (version 5: its first 16 hex digits).
   */
  packed?: { blob: string; base?: string; baseDigest?: string };
}

export interface BundlePlan {
  /** 5 with chunk sections (what this cairn writes), 4 when layers are packed and deltas joint, 3 when only packed, else 2 when a file is shipped `via: "zip-delta"`, else 1. */
  version: 1 | 2 | 3 | 4 | 5;
  chunker: string;
  /** Manifest digests of the base images the bundle was made against. */
  from: string[];
  /**
   * `blobs` (optional, any version): per layer of the record, how its blob is rebuilt byte for
   * byte (a blob description's `rebuild`) where the layer is shipped and the sender's store
   * reproduces it, else null (blob-rebuilds.ts).
   */
  images: { record: ImageRecord; names: string[]; blobs?: (BlobRebuild | null)[] }[];
  layers: PlannedLayer[];
  files: PlannedFile[];
  /** sha256:… of the chunk pack blob, when there are chunks. */
  chunkPack?: string;
  /** Version 4: sha256:… of the delta section, when there are deltas. */
  deltas?: string;
  /** Version 5: the chunk sections, in order (absent when no chunk is shipped). */
  sections?: PlannedSection[];
}

export interface PlannedSection {
  /** sha256:… of the compressed section. */
  blob: string;
  /** Its raw length. */
  length: number;
  /** The base files it was compressed against (section-dictionary.ts), if any. */
  dictionary?: { layers: string[]; under: string[]; length: number };
}

/** `done` of `total` bytes: the tar bytes of the layers a bundle carries (or rebuilds, on apply). */
export interface BundleProgress { done: number; total: number }

/** What was chosen for one file, for --json. */
export interface FileChoice {
  path: string;
  digest: string;
  size: number;
  via: 'chunks' | 'delta' | 'zip-delta' | 'recipe';
  bytes: number;
  chunkBytes?: number;
  deltaBytes?: number;
  /** Size of the zip-aware delta, when the file and its base are zips and it could be made. */
  zipDeltaBytes?: number;
  /** Why no zip-aware delta was made for a zip (an entry that does not re-deflate exactly, a base that is not a zip...). */
  zipReason?: string;
  base?: string;
  method?: string;
}

export interface BundleReport {
  bytes: number;
  chunkBytes: number;
  deltaBytes: number;
  metadataBytes: number;
  layers: { diffId: string; files: number; chunkBytes: number; deltaBytes: number }[];
  files: FileChoice[];
  /** Bytes and files by file class (the name's last extension, `.so.1` as `.so`; `(none)` without one). */
  classes: Record<string, { files: number; size: number; bytes: number }>;
  seconds: number;
}

/** A file's class for the report: its last extension that is not a number (`libz.so.1.3` → `.so`). */
export function fileClass(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const parts = name.split('.').slice(1).filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts.length > 0 ? `.${parts[parts.length - 1]!.toLowerCase()}` : '(none)';
}
