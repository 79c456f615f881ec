// Running peer tools and cairn as whole processes: wall time and peak RSS (GNU time), bytes
// on disk. Peers that are not installed are skipped with a note (bench/README says how to
// install them: apt-get install casync borgbackup restic time).
import { spawnSync } from 'node:child_process';
import { readdirSync, lstatSync, existsSync } from 'node:fs';
import { join } from 'node:path';

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
