// Rootfs benchmark: `cairn export rootfs` next to `umoci unpack` (the reference unpacker, gzip
// layers from the OCI layout; it also writes config.json and an mtree manifest) and `umoci raw
// unpack` (its layer application alone), on the newest image of each demo corpus application
// (api-app, with 11,000 small files, included), ingested into one fresh store first, untimed.
//   CAIRN_BENCH_ROOTFS_IMAGES=all     every corpus image instead (21)
//   CAIRN_BENCH_ROOTFS_IMAGES=a:1,b:2 these images
//   CAIRN_BENCH_RUNS=N                rounds (default 3; 1 with --small, on the smallest image only)
//   CAIRN_BENCH_BEFORE=/path/to/other/dist/cli/main.js adds another build's export in the same rounds
// Each round runs every tool once, one after another into fresh directories (so load on the
// machine hits all alike); best of the rounds. Whole processes under GNU time: wall seconds,
// CPU seconds (user + system, every thread) and peak RSS. "vs umoci" is umoci unpack's wall time
// divided by cairn's (above 1 = cairn faster).
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { have } from './peers.mjs';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');

/** The corpus images to measure, each with its OCI layout and layer tar bytes. */
function corpusImages() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) return undefined;
  const dir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  const images = corpus.images
    .filter((i) => i.ociLayout && existsSync(i.ociLayout))
    .map((i) => ({ ...i, tarBytes: i.layers.reduce((sum, layer) => sum + layer.size, 0) }));
  const wanted = process.env.CAIRN_BENCH_ROOTFS_IMAGES;
  if (wanted === 'all') return images;
  if (wanted) return wanted.split(',').map((name) => images.find((i) => i.name === name) ?? fail(`no corpus image ${name}`));
  // The newest image of each application (the corpus lists versions in order).
  const newest = new Map();
  for (const image of images) newest.set(image.name.split(':')[0], image);
  const chosen = [...newest.values()].sort((a, b) => a.tarBytes - b.tarBytes);
  return process.env.CAIRN_BENCH_SMALL ? chosen.slice(0, 1) : chosen;
}

function fail(message) {
  throw new Error(message);
}

/** Runs argv under GNU time: wall and CPU seconds, peak RSS. */
function timed(argv) {
  const result = spawnSync('/usr/bin/time', ['-f', 'CAIRNBENCH %e %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = (result.stderr ?? '').split('\n').reverse().find((l) => l.startsWith('CAIRNBENCH'));
  if (result.status !== 0 || !line) throw new Error(`${argv.join(' ')} failed (${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  const [, wall, user, system, kb] = line.split(' ').map(Number);
  return { seconds: wall, cpu: user + system, rss: kb * 1024 };
}

export async function runRootfs() {
  const images = corpusImages();
  if (!images) {
    console.log('(corpus could not be built: rootfs benchmark skipped)');
    return;
  }
  const runs = Number(process.env.CAIRN_BENCH_RUNS ?? (process.env.CAIRN_BENCH_SMALL ? 1 : 3));
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-rootfs-'));
  try {
    const store = join(work, 'store');
    const cairn = (cli, ...args) => [process.execPath, cli, '--store', store, '--quiet', ...args];
    for (const image of images) {
      const ingest = spawnSync(process.execPath, cairn(CLI, 'ingest', image.ociLayout, '--name', image.name.split(':')[0]).slice(1), { encoding: 'utf8' });
      if (ingest.status !== 0) throw new Error(`cairn ingest failed: ${ingest.stderr}`);
    }
    const tools = [['cairn', (image, dir) => cairn(CLI, 'export', 'rootfs', image.name, dir)]];
    if (process.env.CAIRN_BENCH_BEFORE) tools.push(['before', (image, dir) => cairn(process.env.CAIRN_BENCH_BEFORE, 'export', 'rootfs', image.name, dir)]);
    if (have('umoci')) {
      tools.push(['umoci', (image, dir) => ['umoci', 'unpack', '--image', `${image.ociLayout}:${image.tag}`, dir]]);
      tools.push(['umoci raw', (image, dir) => ['umoci', 'raw', 'unpack', '--image', `${image.ociLayout}:${image.tag}`, dir]]);
    } else {
      console.log('(umoci: not installed, skipped; apt-get install umoci)');
    }
    const rows = [];
    for (const image of images) {
      const best = new Map();
      for (let round = 0; round < runs; round++) {
        for (const [name, argv] of tools) {
          const dir = join(work, `${name.replace(/\W+/g, '-')}-out`);
          const result = timed(argv(image, dir));
          rmSync(dir, { recursive: true, force: true });
          // The deletion's journal commit (and, where the file system is mounted with discard,
          // its discards) is done now, not during the next tool's run: inode allocation right
          // after a large deletion is measurably slower until then.
          spawnSync('sync');
          if (!best.has(name) || result.seconds < best.get(name).seconds) best.set(name, result);
        }
      }
      const c = best.get('cairn');
      const u = best.get('umoci');
      rows.push([
        image.name,
        (image.tarBytes / 1e6).toFixed(1),
        ...tools.map(([name]) => `${best.get(name).seconds.toFixed(2)} (${best.get(name).cpu.toFixed(2)})`),
        u ? (u.seconds / c.seconds).toFixed(2) + 'x' : '-',
        (c.rss / 1e6).toFixed(0),
      ]);
    }
    console.log(`\nbest of ${runs} rounds; seconds wall (CPU)\n`);
    printTable(['image', 'layer MB', ...tools.map(([name]) => name === 'before' ? 'cairn (before)' : name === 'cairn' ? 'cairn export rootfs' : `${name} unpack`), 'vs umoci', 'cairn RSS MB'], rows);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runRootfs();
