/**
 * Trees and layers of many tiny files, made at test time: DIRS directories of FILES files each, of 0 to
 * 100 seeded random bytes, archived by GNU tar with --sort=name (so the tar is the same on
 * every run of one tar version).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { seededBytes } from './random.js';

/** Writes the tree under `dir`/tree; returns its path. */
export function makeManyFilesTree(dir: string, dirs: number, files: number, seed: number): string {
  const tree = join(dir, 'tree');
  const pool = seededBytes(`many-files-${seed}`, dirs * files * 102);
  let at = 0;
  for (let d = 0; d < dirs; d++) {
    const sub = join(tree, `d${String(d).padStart(4, '0')}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < files; f++) {
      const size = pool[at++]! % 101;
      writeFileSync(join(sub, `f${String(f).padStart(5, '0')}`), pool.subarray(at, at + size));
      at += size;
    }
  }
  return tree;
}

/** Writes the tree under `dir`/tree, archives it to `dir`/layer.tar, removes the tree; returns the tar's path. */
export function makeManyFilesTar(dir: string, dirs: number, files: number, seed: number): string {
  const tree = makeManyFilesTree(dir, dirs, files, seed);
  const tar = join(dir, 'layer.tar');
  const made = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', tree, '-cf', tar, '.'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`GNU tar failed: ${made.error?.message ?? made.stderr}`);
  rmSync(tree, { recursive: true, force: true });
  return tar;
}
