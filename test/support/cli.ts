/** Running the built `cairn` command as a user does, and small inputs for it. */
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI } from './paths.js';
import { makeTar } from './report-fixtures.js';
import { seededBytes } from './random.js';
import { scratchDir } from './scratch.js';

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

/**
 * Runs the CLI (`cli`, by default the built one) under the preload `hook` (a CommonJS file) that
 * writes one line `MARKER <json>` to standard error at exit; the command must succeed. The JSON
 * the preload reported, and the command's standard output.
 */
export function cliUnderPreload<T>(hook: string, marker: string, args: string[], cli = CLI): { report: T; stdout: string } {
  const run = spawnSync(process.execPath, ['-r', hook, cli, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const line = run.stderr.split('\n').find((l) => l.startsWith(`${marker} `));
  assert.ok(line, `the preload reported nothing: ${run.stderr}`);
  return { report: JSON.parse(line.slice(marker.length + 1)) as T, stdout: run.stdout };
}

export function tmp(prefix: string): string {
  return scratchDir(`cairn-${prefix}-`);
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

/** Writes `files` (relative path → bytes) under the directory `root`, directories made as needed; returns `root`. */
export function writeTree(root: string, files: Record<string, Buffer>): string {
  mkdirSync(root, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  }
  return root;
}

/** The stores and bundle of an upgrade: a sender holding app:v1 and app:v2, a receiver holding app:v1. */
export interface BundleUpgrade<Report> {
  dir: string;
  sender: string;
  receiver: string;
  bundle: string;
  /** `cairn --json bundle app:v2 --from app:v1`'s report. */
  report: Report;
}

/** Makes the trees v1 and v2 in a new directory, the two stores, and the bundle v1 -> v2 (`bundle` names its file). */
export function bundleUpgrade<Report = unknown>(prefix: string, v1: Record<string, Buffer>, v2: Record<string, Buffer>, bundle = 'up.tar.zst'): BundleUpgrade<Report> {
  const dir = tmp(prefix);
  const sender = join(dir, 'sender');
  const receiver = join(dir, 'receiver');
  cairnOk(sender, ['ingest', writeTree(join(dir, 'v1'), v1), '--name', 'app:v1']);
  cairnOk(sender, ['ingest', writeTree(join(dir, 'v2'), v2), '--name', 'app:v2']);
  cairnOk(receiver, ['ingest', join(dir, 'v1'), '--name', 'app:v1']);
  const file = join(dir, bundle);
  const report = JSON.parse(cairnOk(sender, ['--json', 'bundle', 'app:v2', '--from', 'app:v1', '-o', file])) as Report;
  return { dir, sender, receiver, bundle: file, report };
}

/** `tree` as a reproducible GNU tar at `tar` (sorted names, owner 0, mtime 0): its bytes and DiffID. */
export function gnuTarOf(tree: string, tar: string): { tarBytes: Buffer; diffId: string } {
  const made = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--mtime=@0', '-cf', tar, '-C', tree, '.'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const tarBytes = readFileSync(tar);
  return { tarBytes, diffId: 'sha256:' + createHash('sha256').update(tarBytes).digest('hex') };
}
