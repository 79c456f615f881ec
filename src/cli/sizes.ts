/** Parses sizes as the command line takes them: a byte count with an optional K, M or G suffix (powers of 1024). */
import { BadParameterError } from '../errors.js';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export function parseSize(text: string, parameter: string): number {
  const match = /^(\d+)([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (!match) throw new BadParameterError(parameter, `--${parameter}: not a size: ${JSON.stringify(text)} (use e.g. 4096, 64K, 1M)`);
  const value = Number(match[1]) * UNITS[match[2]!.toUpperCase()]!;
  if (!Number.isSafeInteger(value)) throw new BadParameterError(parameter, `--${parameter}: too large: ${text}`);
  return value;
}

export function parseInteger(text: string, parameter: string): number {
  if (!/^\d+$/.test(text.trim())) throw new BadParameterError(parameter, `--${parameter}: not a whole number: ${JSON.stringify(text)}`);
  return Number(text);
}

export { formatBytes } from '../report/format.js';

/** --zstd-level: a whole number from -7 (fastest) to 22 (smallest), as zstd takes it. */
export function parseZstdLevel(text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new BadParameterError('zstd-level', `--zstd-level: not a whole number: ${JSON.stringify(text)}`);
  const level = Number(text);
  if (level < -7 || level > 22) throw new BadParameterError('zstd-level', `--zstd-level: ${level} is out of range (-7 to 22)`);
  return level;
}

/** --group-size: 0 (each chunk compressed alone), or 64K to 16M (StoreOptions.groupSize). */
export function parseGroupSize(text: string): number {
  const size = parseSize(text, 'group-size');
  if (size !== 0 && (size < 64 * 1024 || size > 16 * 1024 ** 2)) {
    throw new BadParameterError('group-size', `--group-size: ${text} is out of range (0, or 64K to 16M)`);
  }
  return size;
}

export const PACK_SIZE_MIN = 1024 ** 2;
export const PACK_SIZE_MAX = 1024 ** 3;

/** --pack-size: 1M to 1G (smaller packs only multiply files; larger ones are slow to check and copy). */
export function parsePackSize(text: string): number {
  const size = parseSize(text, 'pack-size');
  if (size < PACK_SIZE_MIN || size > PACK_SIZE_MAX) {
    throw new BadParameterError('pack-size', `--pack-size: ${text} is out of range (1M to 1G)`);
  }
  return size;
}
