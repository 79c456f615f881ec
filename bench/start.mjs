// CLI start benchmark: `cairn --version`, `cairn --help` and `cairn ls` on a one-image store,
// each a whole process, against `node -e 0` (the floor: a process that loads nothing) in the
// same run. Runs are interleaved (one of each per round) so load on the machine hits all alike;
// best of N rounds (CAIRN_BENCH_RUNS, default 15). Target (issue 12): --version and ls within
// 120 ms, which on an idle machine is about node's floor plus 80 ms.
// CAIRN_BENCH_BEFORE=/path/to/other/dist/cli/cairn.cjs adds the same rows for another build (run with node).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The command as installed: package.json's bin (bin/cairn, a shell script that runs node).
const CLI = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.cairn);

/** Wall time of one process: `argv[0]` run with the rest. */
function wall(argv, env) {
  const start = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

export async function runStart() {
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-start-'));
  try {
    const store = join(work, 'store');
    mkdirSync(join(work, 'tree'));
    writeFileSync(join(work, 'tree', 'hello.txt'), 'hello\n');
    const made = spawnSync(CLI, ['--store', store, '--quiet', 'ingest', join(work, 'tree'), '--name', 'small:1'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`ingest failed: ${made.stderr}`);
    // A build's script given as CAIRN_BENCH_BEFORE runs with node, as its bin did.
    const builds = [['', [CLI]], ...(process.env.CAIRN_BENCH_BEFORE ? [['before: ', [process.execPath, process.env.CAIRN_BENCH_BEFORE]]] : [])];
    const cases = [['node -e 0 (floor)', [process.execPath, '-e', '0']]];
    for (const [tag, cli] of builds) {
      cases.push([`${tag}cairn --version`, [...cli, '--version']], [`${tag}cairn --help`, [...cli, '--help']],
        [`${tag}cairn ls`, [...cli, '--store', store, 'ls']]);
    }
    const runs = Number(process.env.CAIRN_BENCH_RUNS ?? (process.env.CAIRN_BENCH_SMALL ? 3 : 15));
    const bestMs = cases.map(() => Infinity);
    for (let round = 0; round < runs; round++) {
      cases.forEach(([, args], i) => { bestMs[i] = Math.min(bestMs[i], wall(args, { CAIRN_STORE: store })); });
    }
    const floor = bestMs[0];
    printTable(['command', `best of ${runs} ms`, 'over floor ms', 'vs floor'],
      cases.map(([label], i) => [label, bestMs[i].toFixed(0), (bestMs[i] - floor).toFixed(0), (bestMs[i] / floor).toFixed(2) + 'x']));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
