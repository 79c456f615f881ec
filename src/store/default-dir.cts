/**
 * Where the default store is. CommonJS, like listing-cache.cts, so that the `cairn` entry can
 * find the store for a plain `cairn ls` before any ES module loads (src/cli/fast-ls.cts).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The default store: $CAIRN_STORE, else $XDG_DATA_HOME/cairn, else ~/.local/share/cairn. */
export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['CAIRN_STORE']) return env['CAIRN_STORE'];
  if (env['XDG_DATA_HOME']) return join(env['XDG_DATA_HOME'], 'cairn');
  return join(homedir(), '.local', 'share', 'cairn');
}
