/** Running the built `cairn` command as a user does, and small inputs for it. */
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './paths.js';
import { makeTar } from './report-fixtures.js';
import { seededBytes } from './random.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `cairn --store STORE ARGS...` (no --store when store is undefined). */
export function cairn(store: string | undefined, args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...(store !== undefined ? ['--store', store] : []), ...args], {
    encoding: 'utf8', maxBuffer: 1 << 28, input: options.input, cwd: options.cwd, env: options.env ?? process.env,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cairn-${prefix}-`));
}

/** A small layer tar of seeded files; the same seed gives the same bytes. */
export function layerTar(seed: string, files = 3, size = 100_000): Buffer {
  return makeTar(Array.from({ length: files }, (_, i) => ({ name: `f${i}.bin`, data: seededBytes(`${seed}-${i}`, size) })));
}

/** Writes a layer tar to DIR/NAME and returns its path. */
export function writeLayerTar(dir: string, name: string, seed: string, files = 3, size = 100_000): string {
  const path = join(dir, name);
  writeFileSync(path, layerTar(seed, files, size));
  return path;
}

/** `cairn --store STORE ARGS...`, which must succeed; its standard output. */
export function cairnOk(store: string, args: string[]): string {
  const r = cairn(store, args);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Writes `files` (name → bytes) into the directory `root`, made as needed; returns `root`. */
export function writeTree(root: string, files: Record<string, Buffer>): string {
  mkdirSync(root, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
  return root;
}
