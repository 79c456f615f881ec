/** Parses sizes as the command line takes them: a byte count with an optional K, M or G suffix (powers of 1024). */
import { BadParameterError } from '../index.js';

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

export { formatBytes } from '../index.js';
