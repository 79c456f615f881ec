/**
 * The file system operations of a rootfs export or a layer written to a file, as messages from
 * the reading of the layers to the worker thread that carries them out (worker.ts), in order.
 * Paths are absolute byte strings (one character per byte, as rootfs/byte-paths.ts makes
 * them); file data travels in the batch's `data` buffer, which is transferred, not copied,
 * with the batch.
 */
import type { RecordLocation } from '../pack/format.js';

/** A path's bytes, one character per byte (latin1). */
type ByteString = string;

/** Owner, mode and times to apply; `chown` and `chmod` false when there is nothing to change. */
export interface OpMetadata {
  uid: number;
  gid: number;
  chown: boolean;
  mode: number;
  chmod: boolean;
  atime: number;
  mtime: number;
}

export type DiskOp =
  | { op: 'mkdir'; path: ByteString; mode: number }
  /**
   * open(O_CREAT | O_EXCL | O_NOFOLLOW, mode) a new regular file as descriptor `file`; with
   * `existing`, open(O_NOFOLLOW) one the caller has just made (and so may remove on failure).
   */
  | { op: 'open'; file: number; path: ByteString; mode: number; existing?: boolean }
  /** `length` bytes at `offset` of the batch's data go to `position` in `file`. */
  /** With `hash`, the bytes are also added to the layer's hash (a layer written to a file: its framing). */
  | { op: 'write'; file: number; offset: number; length: number; position: number; hash?: boolean }
  /** Cuts a sparse file to its size (when `truncate`), applies the metadata (when given) through the descriptor, closes it. */
  | { op: 'close'; file: number; truncate?: number; meta?: OpMetadata }
  | { op: 'symlink'; path: ByteString; target: ByteString; meta: OpMetadata }
  | { op: 'link'; existing: ByteString; path: ByteString }
  | { op: 'unlink'; path: ByteString }
  /** Removes a directory and everything under it. */
  | { op: 'rmdir-all'; path: ByteString }
  /** `length` bytes at `offset` of the batch's data are layer bytes to hash only (recipe-feed.ts). */
  | { op: 'hash'; offset: number; length: number }
  /**
   * A chunk of file data as stored (`stored` bytes at `offset` of the batch's data, zstd when
   * `zstd`, `length` bytes once decompressed): decompressed, hashed, and written at
   * `position` of `file` unless `file` is -1.
   */
  | { op: 'chunk'; file: number; position: number; offset: number; stored: number; length: number; zstd: boolean }
  /**
   * A chunk read by the writer from its pack: the record at `location` of the pack file
   * `packFile` (a path), its header checked against the index's `location` and the chunk's
   * sha256 `hex`; then as 'chunk'.
   */
  | { op: 'chunk-at'; file: number; position: number; packFile: string; location: RecordLocation; hex: string }
  /** The layer's end: the bytes hashed since the last one must be `length` bytes with sha256 `diffId`. */
  | { op: 'end-layer'; diffId: string; length: number };

export interface DiskBatch {
  id: number;
  ops: DiskOp[];
  data: ArrayBuffer;
  /** The export is over (done or failed): close every descriptor still open, run nothing more. */
  last?: boolean;
}

/**
 * What the worker answers for each batch: done, or the first failure (later batches are not
 * run). The batch's data buffer comes back with it (transferred), to be filled again.
 */
export type DiskReply =
  | { id: number; ok: true; data: ArrayBuffer }
  | { id: number; ok: false; data: ArrayBuffer; message: string; code?: string; op: string; path?: string; digest?: string };
