/**
 * A plain `cairn ls` answered from the store's listing cache (src/store/listing-cache.cts),
 * before the argument parser or any store module loads: node's own start plus a file read.
 * Any other command line, and a store whose listing is missing or stale, goes to the full
 * program, which opens the store (and whose close writes the listing again).
 */
import { defaultStoreDir } from '../store/default-dir.cjs';
import { indexLockHeld, readListing } from '../store/listing-cache.cjs';
import { imageLines } from './image-lines.cjs';

/** `[--store DIR] [--json] [--quiet] ls [images]` in any order of the options, or undefined. */
export function plainLs(args: readonly string[]): { store: string | undefined; json: boolean } | undefined {
  let store: string | undefined;
  let json = false;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--quiet') continue;
    else if (arg === '--store' && i + 1 < args.length && !args[i + 1]!.startsWith('-')) store = args[++i];
    else if (arg.startsWith('--store=') && arg.length > '--store='.length) store = arg.slice('--store='.length);
    else return undefined;
  }
  const rest = args.slice(i);
  if (rest[0] !== 'ls' || rest.length > 2 || (rest.length === 2 && rest[1] !== 'images')) return undefined;
  return { store, json };
}

/** Prints the listing and returns true, or returns false (nothing printed) for the full program to run. */
export function fastLs(args: readonly string[]): boolean {
  const plain = plainLs(args);
  if (!plain) return false;
  const root = plain.store ?? defaultStoreDir();
  const images = readListing(root);
  // Held by another process: the full program says "store locked", as it would after its first write.
  if (!images || indexLockHeld(root)) return false;
  // `cairn ls | head -1`: a reader that stops reading ends the command, quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
  if (plain.json) {
    process.stdout.write(JSON.stringify({ images }, null, 2) + '\n');
  } else {
    const lines = images.flatMap((i) => imageLines(i.manifest, i.layers.length, i.names));
    if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
  }
  return true;
}
