/**
 * A small store to damage: one image (a GNU tar of a seeded tree, ingested with small packs so
 * that chunks spread over several packs), copied fresh for each case, and the CLI to run on it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from './paths.js';
import { makeTree } from './trees.js';
import { scratchDir } from './scratch.js';

export interface Fixture {
  dir: string;
  tar: string;
  /** the tar's sha256 (the layer's DiffID) */
  diffId: string;
  /** a pristine store holding the tar as app:v1 */
  store: string;
  /** the tree's files */
  files: string[];
}

export function cli(store: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Builds the pristine store once. */
export function makeFixture(seed: number): Fixture {
  const dir = scratchDir('cairn-damage-');
  const tree = join(dir, 'tree');
  const files = makeTree(tree, { files: 14, maxSize: 900_000, seed });
  const tar = join(dir, 'layer.tar');
  const made = spawnSync('tar', ['--sort=name', '-cf', tar, '-C', tree, '.']);
  if (made.status !== 0) throw new Error(`tar failed: ${made.stderr}`);
  const store = join(dir, 'pristine');
  const ingested = cli(store, ['ingest', tar, '--name', 'app:v1', '--pack-size', '1M']);
  if (ingested.status !== 0) throw new Error(`ingest failed: ${ingested.stderr}`);
  const diffId = 'sha256:' + createHash('sha256').update(readFileSync(tar)).digest('hex');
  return { dir, tar, diffId, store, files };
}

let copies = 0;
/** A fresh copy of the pristine store. */
export function copyStore(fixture: Fixture): string {
  const target = join(fixture.dir, `case-${copies++}`);
  cpSync(fixture.store, target, { recursive: true });
  return target;
}

/** Every pack file of a store: id → path. */
export function packsOf(store: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const sub of readdirSync(join(store, 'packs'))) {
    for (const f of readdirSync(join(store, 'packs', sub))) out.set(f.replace('.pack', ''), join(store, 'packs', sub, f));
  }
  return out;
}

/** The pack holding `bytes` verbatim (random data is stored raw) and where. */
export function packHolding(store: string, bytes: Buffer): { id: string; path: string; at: number } {
  for (const [id, path] of packsOf(store)) {
    const at = readFileSync(path).indexOf(bytes);
    if (at >= 0) return { id, path, at };
  }
  throw new Error('no pack holds these bytes');
}

/** The sha256 of a file, as cairn names it. */
export function fileDigest(path: string): string {
  return 'sha256:' + createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Exports the layer and returns its bytes (or the failed run). */
export function exportLayer(store: string, fixture: Fixture, out: string) {
  return cli(store, ['export', 'layer', fixture.diffId, '-o', out]);
}
