/**
 * Scratch directories for tests: made under the system's temporary directory and removed when
 * the test file's process exits, passed or failed, so a suite run holds at most the scratch of
 * the files running at once. (The runner also gives each run a temporary directory of its own
 * and removes it, which catches what a killed process leaves.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

/** A new empty directory named PREFIX + six random characters, removed at process exit. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
