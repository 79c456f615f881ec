/**
 * Resolving what a report measures: the chunker sizes shared by every mode, the primary mode
 * (the store's, or --mode), and the modes measured. Defaults are resolved into new objects.
 */
import { availableParallelism } from 'node:os';
import { BadParameterError } from '../errors.js';
import { CHUNKING_MODES, resolveChunkerParams, type ChunkerOptions, type ChunkerParams, type ChunkingMode } from '../chunker/index.js';
import type { MeasureOptions } from './measure-types.js';

/** Options shared by `analyze` and `report`. */
export interface ReportOptions {
  /**
   * Chunking modes measured at chunk level. The file level (`file` mode) is always measured,
   * and so is the primary mode. @default ['aligned', 'fastcdc', 'fixed', 'file']
   */
  modes?: readonly ChunkingMode[];
  /** Upgrades to price besides consecutive tags of one repository. */
  upgrades?: readonly { from: string; to: string }[];
  /** zstd level of stored chunks and of the whole-layer baseline. @default 3 */
  zstdLevel?: number;
  /** gzip level of the whole-layer baseline; null skips it (the slowest figure). @default 6 */
  gzipLevel?: number | null;
  /**
   * Worker threads that compress (chunks, whole layers, large files). gzip already takes a
   * thread of libuv's pool, so the default leaves one core for it.
   * @default min(2, cores), one fewer while gzip runs (at least 1)
   */
  threads?: number;
  /**
   * Price each upgrade by an upgrade bundle too (`bundleBytes`): the bundle `cairn bundle`
   * would write, sized without writing it (for `analyze`, from a temporary store). The slowest
   * figure where files changed: deltas at zstd level 19. @default true
   */
  bundles?: boolean;
  signal?: AbortSignal;
  /** Progress: tar bytes measured so far (for a progress bar; the library never prints). */
  onProgress?: (event: ReportProgressEvent) => void;
  /** Things skipped: a mode whose sizes do not fit it, a socket in a directory. */
  onWarning?: (message: string) => void;
}

export type ReportProgressEvent =
  | { type: 'report:bytes'; bytes: number }
  | { type: 'report:image'; label: string }
  /** An upgrade's bundle is being sized (after every image is measured). */
  | { type: 'report:bundle'; from: string; to: string };

/** The measuring options for sizes `chunker` (whose mode is the primary mode). */
export function measureOptions(chunker: ChunkerOptions | ChunkerParams, options: ReportOptions): MeasureOptions {
  const primary = resolveChunkerParams(chunker);
  const wanted = options.modes ?? CHUNKING_MODES;
  for (const mode of wanted) {
    if (!CHUNKING_MODES.includes(mode)) throw new BadParameterError('modes', `--modes: unknown mode ${JSON.stringify(mode)} (have ${CHUNKING_MODES.join(', ')})`);
  }
  const modes: ChunkingMode[] = [];
  for (const mode of CHUNKING_MODES) {
    if (mode === 'file' || !(wanted.includes(mode) || mode === primary.mode)) continue;
    try {
      resolveChunkerParams({ ...primary, mode });
      modes.push(mode);
    } catch (error) {
      // Sizes that suit one mode may not suit another (aligned wants multiples of align).
      if (options.modes !== undefined || mode === primary.mode) throw error;
      options.onWarning?.(`${mode} mode left out: ${(error as Error).message}`);
    }
  }
  const zstdLevel = options.zstdLevel ?? 3;
  const gzipLevel = options.gzipLevel === undefined ? 6 : options.gzipLevel;
  if (!Number.isInteger(zstdLevel) || zstdLevel < -7 || zstdLevel > 22) throw new BadParameterError('zstdLevel', `zstd level must be an integer from -7 to 22, got ${zstdLevel}`);
  if (gzipLevel !== null && (!Number.isInteger(gzipLevel) || gzipLevel < 1 || gzipLevel > 9)) throw new BadParameterError('gzipLevel', `gzip level must be an integer from 1 to 9, got ${gzipLevel}`);
  return {
    chunker: primary,
    modes: [...modes, 'file'],
    zstdLevel,
    gzipLevel,
    threads: options.threads ?? Math.max(1, Math.min(2, availableParallelism()) - (gzipLevel === null ? 0 : 1)),
    signal: options.signal,
    onBytes: options.onProgress ? (bytes) => options.onProgress!({ type: 'report:bytes', bytes }) : undefined,
  };
}
