// Layers of many tiny files (the shape that once could not be stored): DIRS × 1,000 files of
// 0-100 seeded bytes, archived by GNU tar --sort=name. In one run, per size: `tar -tf` (the
// reference rate: it only reads headers), cairn ingest and cairn export layer (byte-exact), as
// whole processes under GNU time (wall time and peak RSS, worker threads included), and the
// ratio of ingest to `tar -tf`. Sizes: CAIRN_BENCH_MANY_FILES (default 200000; add 1000000
// for the bound, about 1 GiB of tar and several minutes).
// CAIRN_BENCH_BEFORE=/path/to/other/dist/cli/main.js adds the same rows for another build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

import { printTable, seededBytes } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');

/** A whole process under GNU time: wall seconds, CPU seconds (user + system, worker threads included), peak RSS. */
function timed(argv) {
  const result = spawnSync('/usr/bin/time', ['-f', 'CAIRNBENCH %e %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = (result.stderr ?? '').split('\n').reverse().find((l) => l.startsWith('CAIRNBENCH'));
  if (result.status !== 0 || !line) throw new Error(`${argv.join(' ')} failed (${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  const [, wall, user, sys, kb] = line.split(' ').map(Number);
  return { seconds: wall, cpu: user + sys, rss: kb * 1024, stdout: result.stdout };
}

function makeTar(work, files) {
  const tree = join(work, 'tree');
  const dirs = Math.ceil(files / 1000);
  const pool = seededBytes(`many-${files}`, files * 102);
  let at = 0;
  for (let d = 0; d < dirs; d++) {
    const sub = join(tree, `d${String(d).padStart(4, '0')}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 1000 && d * 1000 + f < files; f++) {
      const size = pool[at++] % 101;
      writeFileSync(join(sub, `f${String(f).padStart(5, '0')}`), pool.subarray(at, at + size));
      at += size;
    }
  }
  const tar = join(work, 'layer.tar');
  const made = spawnSync('tar', ['--sort=name', '-C', tree, '-cf', tar, '.']);
  if (made.status !== 0) throw new Error('GNU tar failed');
  rmSync(tree, { recursive: true, force: true });
  return tar;
}

export async function runManyFiles() {
  const sizes = (process.env.CAIRN_BENCH_MANY_FILES ?? '200000').split(',').map(Number);
  const rows = [];
  for (const files of sizes) {
    const work = mkdtempSync(join(tmpdir(), 'cairn-bench-many-'));
    try {
      const tar = makeTar(work, files);
      const bytes = statSync(tar).size;
      const list = timed(['sh', '-c', `tar -tf '${tar}' > /dev/null`]);
      const builds = [['', CLI], ...(process.env.CAIRN_BENCH_BEFORE ? [['before: ', process.env.CAIRN_BENCH_BEFORE]] : [])];
      for (const [tag, cli] of builds) {
        const store = join(work, `store${tag ? '-before' : ''}`);
        const ingest = timed([process.execPath, cli, '--store', store, '--quiet', '--json', 'ingest', tar, '--name', 'many:v1']);
        const diffId = JSON.parse(ingest.stdout).images[0].layers[0];
        const exp = timed([process.execPath, cli, '--store', store, 'export', 'layer', diffId, '-o', join(work, 'out.tar')]);
        const mib = (b) => (b / 1048576).toFixed(0);
        rows.push([`${tag}${files}`, (bytes / 1e6).toFixed(0), `${list.seconds.toFixed(2)} / ${list.cpu.toFixed(2)}`,
          `${ingest.seconds.toFixed(1)} / ${ingest.cpu.toFixed(1)}`, `${(ingest.seconds / list.seconds).toFixed(0)}×`, `${(ingest.cpu / Math.max(list.cpu, 0.01)).toFixed(0)}×`,
          mib(ingest.rss), `${exp.seconds.toFixed(1)} / ${exp.cpu.toFixed(1)}`, mib(exp.rss), (files / ingest.seconds).toFixed(0)]);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  printTable(['files', 'tar MB', 'tar -tf s wall / CPU', 'cairn ingest s wall / CPU', 'ingest / tar -tf wall', 'ingest / tar -tf CPU', 'ingest peak RSS MiB', 'cairn export s wall / CPU', 'export peak RSS MiB', 'ingest files/s'], rows);
  console.log('\nwhole processes (node start-up ≈ 0.1 s included); CPU is user + system over every thread. The target is ingest within 2× of tar -tf and under 300 MiB at 1,000,000 files.');
}
