/** The chunking options shared by `chunk`, `ingest` and `analyze`. */
import { Option, type Command } from 'commander';
import { BadParameterError, CHUNKING_MODES, type ChunkerOptions, type ChunkingMode } from '../index.js';
import { parseInteger, parseSize } from './sizes.js';

const DEFAULTS = { mode: 'aligned', min: '16K', avg: '64K', max: '256K', align: '4K', normalization: '1', seed: '0' };

/**
 * Adds --mode/--min/--avg/--max/--align/--normalization/--seed. With `withDefaults` false
 * (ingest), unset options stay unset so that an existing store's own chunker applies.
 */
export function addChunkingOptions(command: Command, withDefaults = true): Command {
  const d = (key: keyof typeof DEFAULTS) => (withDefaults ? DEFAULTS[key] : undefined);
  const mode = new Option('--mode <mode>', 'chunking mode').choices(CHUNKING_MODES as string[]);
  if (withDefaults) mode.default(DEFAULTS.mode);
  return command
    .addOption(mode)
    .option('--min <size>', 'smallest chunk (K/M suffixes; default 16K)', d('min'))
    .option('--avg <size>', 'target mean chunk size; the chunk size in fixed mode (default 64K)', d('avg'))
    .option('--max <size>', 'largest chunk (default 256K)', d('max'))
    .option('--align <size>', 'aligned mode: cut points on multiples of this (default 4K)', d('align'))
    .option('--normalization <level>', 'normalized chunking level 0..3 (default 1)', d('normalization'))
    .option('--seed <n>', 'gear table seed; 0 is the plain table, so chunks match across stores (default 0)', d('seed'));
}

export interface RawChunkingOptions {
  mode?: string;
  min?: string;
  avg?: string;
  max?: string;
  align?: string;
  normalization?: string;
  seed?: string;
}

/** Parsed chunker options; undefined when none was given and defaults were off. */
export function chunkingOptionsFrom(raw: RawChunkingOptions): ChunkerOptions | undefined {
  const keys = ['mode', 'min', 'avg', 'max', 'align', 'normalization', 'seed'] as const;
  if (keys.every((k) => raw[k] === undefined)) return undefined;
  const out: ChunkerOptions = {};
  if (raw.mode !== undefined) out.mode = raw.mode as ChunkingMode;
  for (const k of ['min', 'avg', 'max', 'align'] as const) if (raw[k] !== undefined) out[k] = parseSize(raw[k]!, k);
  if (raw.normalization !== undefined) out.normalization = parseInteger(raw.normalization, 'normalization');
  if (raw.seed !== undefined) {
    if (!/^\d+$/.test(raw.seed.trim())) throw new BadParameterError('seed', `--seed: not a whole number: ${JSON.stringify(raw.seed)}`);
    out.seed = BigInt(raw.seed.trim());
  }
  return out;
}
