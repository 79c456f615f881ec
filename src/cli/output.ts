/**
 * What the command line prints: JSON on stdout with --json, one line on stderr for an error,
 * progress bars on stderr only when it is a terminal and neither --json nor --quiet is set.
 */
import { SingleBar, Presets } from 'cli-progress';
import { CairnError } from '../index.js';

export interface GlobalOptions {
  store?: string;
  json?: boolean;
  quiet?: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Exit statuses: 1 for a failure of the operation, 2 for bad usage or input. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CairnError) {
    switch (error.code) {
      case 'CAIRN_BAD_PARAMETER':
      case 'CAIRN_BAD_INPUT':
      case 'CAIRN_INCOMPATIBLE': // a chunker or store file at odds with the store's packs: the user must choose
        return 2;
      case 'CAIRN_LOCKED':
        return 3;
      case 'CAIRN_CORRUPT':
        return 4;
      default:
        return 1;
    }
  }
  return 1;
}

/** One line on stderr (and the error as JSON on stdout with --json). */
export function reportError(error: unknown, json: boolean): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cairn: ${message.split('\n')[0]}\n`);
  if (json) {
    const body = error instanceof CairnError ? error.toJSON() : { code: 'CAIRN_INTERNAL', message };
    printJson({ error: body });
  }
  if (process.env['CAIRN_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
}

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

/** A progress bar on a terminal; nothing otherwise. */
export function startProgress(options: GlobalOptions, label: string, total: number, unit = 'MB'): Progress {
  if (options.json || options.quiet || !process.stderr.isTTY) return NO_PROGRESS;
  const scale = unit === 'MB' ? 1e6 : 1;
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(Math.max(1, Math.round(total / scale)), 0);
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) bar.setTotal(Math.max(1, Math.round(newTotal / scale)));
      bar.update(Math.round(done / scale));
    },
    stop() {
      bar.stop();
    },
  };
}
