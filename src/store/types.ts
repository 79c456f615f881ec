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
  /** Worker threads compressing chunks (0: compress on the calling thread). @default min(2, cores) */
  compressionThreads?: number;
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
    | 'missing-object' | 'record-corrupt' | 'store-file';
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
  packs: number;
  records: number;
  names: number;
  damagedPacks: string[];
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
  compressionThreads: number | undefined;
  onProgress: ((e: ProgressEvent) => void) | undefined;
  onWarning: ((message: string) => void) | undefined;
}
