/** Locations the tests need: the repository root and the optional ../shared vectors. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'cairn') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the cairn repository root');
    dir = parent;
  }
}

export const ROOT = findRoot();
/** The `cairn` command as installed: package.json's `bin` (bin/cairn, a shell script that sets malloc's settings and runs CLI). */
export const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { cairn: string } }).bin.cairn);
/** The script the command runs with node (dist/cli/cairn.cjs): what the tests run. */
export const CLI = join(ROOT, 'dist', 'cli', 'cairn.cjs');
/** The ES module entry scripts have used (dist/cli/main.js), which runs the same command. */
export const CLI_MODULE = join(ROOT, 'dist', 'cli', 'main.js');
export const TEST_SOURCE = join(ROOT, 'test');
/** The published vectors beside the project (CI has them; a user's own clone may not). */
export const SHARED_VECTORS = process.env['CAIRN_SHARED_VECTORS'] ?? join(ROOT, '..', 'shared', 'vectors');

/** The reason to skip a test that needs ../shared/vectors/<sub>, or false when present. */
export function sharedVectorsMissing(sub: string): string | false {
  const dir = join(SHARED_VECTORS, sub);
  return existsSync(dir) ? false : `skipped: published vectors not found at ${dir} (they sit beside the project in CI)`;
}
