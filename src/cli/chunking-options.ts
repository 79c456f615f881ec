/** The chunking options shared by `chunk`, `ingest` and `analyze`. */
import { Option, type Command } from 'commander';
import { BadParameterError, CHUNKING_MODES, type ChunkerOptions, type ChunkingMode } from '../index.js';
import { parseInteger, parseSize } from './sizes.js';

export function addChunkingOptions(command: Command): Command {
  return command
    .addOption(new Option('--mode <mode>', 'chunking mode').choices(CHUNKING_MODES as string[]).default('aligned'))
    .option('--min <size>', 'smallest chunk (K/M suffixes)', '16K')
    .option('--avg <size>', 'target mean chunk size; the chunk size in fixed mode', '64K')
    .option('--max <size>', 'largest chunk', '256K')
    .option('--align <size>', 'aligned mode: cut points on multiples of this', '4K')
    .option('--normalization <level>', 'normalized chunking level 0..3', '1')
    .option('--seed <n>', 'gear table seed (0: the plain table, chunks match across stores)', '0');
}

export interface RawChunkingOptions {
  mode: string;
  min: string;
  avg: string;
  max: string;
  align: string;
  normalization: string;
  seed: string;
}

export function chunkingOptionsFrom(raw: RawChunkingOptions): ChunkerOptions {
  if (!/^\d+$/.test(raw.seed.trim())) throw new BadParameterError('seed', `--seed: not a whole number: ${JSON.stringify(raw.seed)}`);
  return {
    mode: raw.mode as ChunkingMode,
    min: parseSize(raw.min, 'min'),
    avg: parseSize(raw.avg, 'avg'),
    max: parseSize(raw.max, 'max'),
    align: parseSize(raw.align, 'align'),
    normalization: parseInteger(raw.normalization, 'normalization'),
    seed: BigInt(raw.seed.trim()),
  };
}
