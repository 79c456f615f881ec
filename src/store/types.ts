/** The store's public types (options, results, reports). */
import type { ChunkerOptions } from '../chunker/index.js';

/** Options for openStore. Defaults are resolved into a new object; the caller's is not written. */
export interface StoreOptions {
  /** Chunking for a new store; an existing store keeps its own and refuses a different one. @default aligned, 16K/64K/256K */
  chunker?: ChunkerOptions;
  /** zstd level for chunks and metadata. @default 3 */
  zstdLevel?: number;
  /** A pack is sealed once it reaches this many bytes. @default 16 MiB */
  packSize?: number;
  /**
   * New chunks of up to 256 KiB are compressed together, in chunk groups of this many bytes
   * (0, or 64 KiB to 16 MiB; 0: each chunk is compressed alone). Larger groups store less and
   * cost more to read one chunk of (the whole group is decompressed). @default 1 MiB
   */
  groupSize?: number;
  /**
   * Chunk groups whose bytes look like x86 code (several call or jump displacements per KiB)
   * are compressed with those displacements made absolute (the x86 branch filter, as xz's
   * BCJ): about 2% less stored on a tree of binaries (docs/benchmarks.md, store), for one
   * pass each way. false: never. Stores written either way read the same. @default true
   */
  x86Filter?: boolean;
  /**
   * Worker threads compressing chunks (0: compress on the calling thread). They start once 4 MiB
   * have been compressed on the calling thread, so that small writes never pay their start.
   * @default min(2, cores)
   */
  compressionThreads?: number;
  /**
   * Bytes that reads decompress on the calling thread before large batches go to a
   * decompression worker (started then). By default 64 MiB counted across the process (every
   * store it opens): a worker's start costs a one-shot command more than it saves on a layer of
   * up to about 150 MB, and a process that reads a lot gains from it. A number: this store's
   * own budget (0: the worker starts with the first large batch).
   */
  decompressionInlineBytes?: number;
  /** Progress events, for a progress bar; the store never prints. */
  onProgress?: (event: ProgressEvent) => void;
  /** Create the store if the directory has none. @default true */
  create?: boolean;
  /** Things the store put right on its own (a lost cairn-store.json restored from the packs). */
  onWarning?: (message: string) => void;
}

/**
 * `ingest:bytes`: `bytes` more of the inputs were read; `done` of `total`, the bytes the ingest
 * reads (file sizes, new layer blobs, a directory's files), known before it starts (see
 * ingest/progress.ts); the first event has `done` 0 and the last `done === total`.
 */
export type ProgressEvent =
  | { type: 'ingest:bytes'; bytes: number; done: number; total: number }
  | { type: 'verify:pack'; done: number; total: number }
  | { type: 'gc:pack'; done: number; total: number }
  | { type: 'repair:pack'; done: number; total: number };

/** What one stored file cost. */
export interface PutFileResult {
  digest: string;
  size: number;
  chunks: number;
  newChunks: number;
  /** bytes of new chunk records (compressed as stored, headers included) */
  storedBytes: number;
}

export interface VerifyProblem {
  code: 'pack-checksum' | 'pack-corrupt' | 'pack-missing' | 'pack-unindexed' | 'index-dangling' | 'index-mismatch'
    | 'index-damaged' | 'missing-object' | 'record-corrupt' | 'store-file';
  message: string;
  pack?: string;
  digest?: string;
}

export interface VerifyReport {
  ok: boolean;
  packs: number;
  records: number;
  indexEntries: number;
  names: number;
  problems: VerifyProblem[];
}

export interface GcReport {
  packsBefore: number;
  packsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

export interface RepairReport {
  /** good packs indexed, and their records */
  packs: number;
  records: number;
  /** names after repair */
  names: number;
  /** packs that failed their checksum or structure (moved to `quarantined`) */
  damagedPacks: string[];
  /** packs the old index listed that were gone */
  missingPacks: string[];
  /** records of damaged packs that checked out and were copied into new packs */
  salvagedRecords: number;
  /** where the damaged packs went (STORE/quarantine/…) */
  quarantined: string[];
  /** set when the index could not be opened or read: why, and where it was moved */
  index?: { damaged: string; movedTo: string };
  lost: LossSummary;
}

/** What a repair could not save, and what lacks content because of it. */
export interface LossSummary {
  /** objects lost (kind, sha256:…, pack when known) that no other pack holds */
  objects: { kind: string; digest: string; pack?: string }[];
  /** names removed because their image lacks content (ingest it again to heal) */
  names: string[];
  /** manifest digests, DiffIDs and file digests that lack content */
  images: string[];
  layers: string[];
  files: string[];
}

export interface StoreStats {
  packs: number;
  packBytes: number;
  objects: Record<string, number>;
}

export interface IngestCommit {
  /** bytes of sealed packs this session wrote (metadata included) */
  storedBytes: number;
  packs: number;
}

/** @internal StoreOptions with defaults applied. */
export interface ResolvedStoreOptions {
  zstdLevel: number;
  packSize: number;
  groupSize: number;
  x86Filter: boolean;
  compressionThreads: number | undefined;
  decompressionInlineBytes: number | undefined;
  onProgress: ((e: ProgressEvent) => void) | undefined;
  onWarning: ((message: string) => void) | undefined;
}

/** Options of putFileUncommitted. */
export interface PutFileOptions {
  signal?: AbortSignal;
  /**
   * The hex sha256 of exactly the bytes `source` gives, computed by the caller (ingest hashes
   * them on a worker thread, from a copy of the bytes it hands here): asked once `source` is
   * drained, instead of hashing the content a second time on this thread.
   */
  digest?: () => Promise<string>;
  /**
   * `source` fills the same memory again once asked for its next buffer (a reader that reuses
   * one buffer): the store then lets go of every view of a buffer before it asks for the next
   * (new chunks copied, the pending tail copied, lookups done a buffer at a time).
   */
  transientSource?: boolean;
}
