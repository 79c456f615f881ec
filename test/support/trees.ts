/** Seeded directory trees for store and ingest tests. */
import { mkdirSync, writeFileSync, symlinkSync, linkSync } from 'node:fs';
import { join } from 'node:path';
import { prng, seededBytes } from './random.js';

export interface TreeSpec {
  files: number;
  /** largest file in bytes */
  maxSize: number;
  seed: number;
}

/** Writes a tree of seeded files (nested directories, a symlink, a hardlink); returns the paths written. */
export function makeTree(root: string, spec: TreeSpec): string[] {
  const rnd = prng(spec.seed);
  const paths: string[] = [];
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < spec.files; i++) {
    const dir = join(root, `d${Math.floor(rnd() * 4)}`, `e${Math.floor(rnd() * 3)}`);
    mkdirSync(dir, { recursive: true });
    const size = Math.floor(rnd() ** 3 * spec.maxSize);
    const path = join(dir, `f${i}.bin`);
    writeFileSync(path, seededBytes(`${spec.seed}-${i}`, size));
    paths.push(path);
  }
  symlinkSync('d0/e0', join(root, 'link-to-dir'));
  if (paths[0]) linkSync(paths[0], join(root, 'hardlink-to-first'));
  return paths;
}
