// Running peer tools and cairn as whole processes: wall time and peak RSS (GNU time), bytes
// on disk. Peers that are not installed are skipped with a note (bench/README says how to
// install them: apt-get install casync borgbackup restic time).
import { spawnSync } from 'node:child_process';
import { readdirSync, lstatSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export function have(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Runs a command under /usr/bin/time; returns seconds and peak RSS in bytes. */
export function timed(argv, env = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', 'CAIRNBENCH %e %M', ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const line = (result.stderr ?? '').split('\n').reverse().find((l) => l.startsWith('CAIRNBENCH'));
  if (result.status !== 0 || !line) {
    throw new Error(`${argv.join(' ')} failed (${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  }
  const [, seconds, kb] = line.split(' ');
  return { seconds: Number(seconds), rss: Number(kb) * 1024, stdout: result.stdout };
}

/** Bytes of regular files under a path (apparent size). */
export function treeBytes(path) {
  let total = 0;
  const walk = (p) => {
    const s = lstatSync(p);
    if (s.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    else if (s.isFile()) total += s.size;
  };
  if (existsSync(path)) walk(path);
  return total;
}

/** Runs a timed command `n` times; the fastest result (`fn` receives the run index). */
export function bestOf(n, fn) {
  let best;
  for (let i = 0; i < n; i++) {
    const r = fn(i);
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best;
}

// The binary-delta peers shared by bench/bundle.mjs and bench/delta.mjs.

/** Regular files under `dir`, by path relative to it. */
export function listFiles(dir) {
  const out = new Map();
  const walk = (p) => {
    const s = lstatSync(p);
    if (s.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    else if (s.isFile()) out.set(relative(dir, p), p);
  };
  walk(dir);
  return out;
}

/** Extracts tars into `dir` (created) with tar; its regular files by relative path. */
export function extractTars(tars, dir) {
  mkdirSync(dir, { recursive: true });
  for (const tar of tars) {
    const r = spawnSync('tar', ['-xf', tar, '-C', dir]);
    if (r.status !== 0) throw new Error(`tar -xf ${tar}: ${r.stderr}`);
  }
  return listFiles(dir);
}

/** Runs a peer, in wall seconds; one retry when a signal killed it (the OOM killer on a crowded machine). */
export function runPeer(argv, retry = true) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status === null && retry) return runPeer(argv, false);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status} (signal ${r.signal}): ${String(r.stderr).slice(-400)}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The peers' delta of `target` against `old` written to `out`, in wall seconds. */
export const deltaPeers = {
  zstd: (old, target, out) => runPeer(['zstd', '-q', '-f', '-19', '--long=27', `--patch-from=${old}`, target, '-o', out]),
  xdelta3: (old, target, out) => runPeer(['xdelta3', '-e', '-9', '-f', '-s', old, target, out]),
  bsdiff: (old, target, out) => runPeer(['bsdiff', old, target, out]),
};
