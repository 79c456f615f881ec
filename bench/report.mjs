// Report benchmark, on the demo corpus (every image's OCI layout, 15 images): cairn analyze
// (measures without a store) next to cairn ingest (the same inputs into a fresh store) and
// casync make (the same distinct layer tars, uncompressed, as blobs into one zstd store), then
// cairn report on the ingested store. Groups:
//   analyze, all figures      4 chunking modes, file level, gzip -6 and zstd -3 of whole layers
//   analyze --no-gzip         the same without the gzip baseline (its slowest figure)
//   analyze aligned, no gzip  one mode: the work of ingest (chunk, hash, compress) minus writing
//   report                    all figures again, reading the layers back from the store
// MB/s are of the distinct layers' uncompressed tar bytes (what every tool reads once); each
// tool runs as a whole process under GNU time, best of CAIRN_BENCH_RUNS (default 2). Compare
// before and after by the ratio to cairn ingest measured in the same run; the machine is shared,
// so treat deltas under ~10% as noise.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { bestOf, have, timed } from './peers.mjs';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const RUNS = Number(process.env.CAIRN_BENCH_RUNS ?? 2);


const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const pct = (part, whole) => `${((part / whole) * 100).toFixed(1)}%`;

export async function runReport() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('corpus build failed');
  const corpusDir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-report-'));
  // The corpus keeps every layout in a folder named `oci`, so its bare tags would all become
  // `oci:<version>`; a link named after the app gives each image its repository (app:version),
  // and so the consecutive tags of each app are the upgrades priced.
  const layouts = corpus.images.map((image, i) => {
    const link = join(work, 'inputs', String(i), image.app);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(image.ociLayout, link);
    return link;
  });
  const distinctTars = new Map();
  for (const image of corpus.images) image.layers.forEach((l) => distinctTars.set(l.diffId, l.tar));
  const tarBytes = [...distinctTars.values()].reduce((s, t) => s + statSync(t).size, 0);
  const wired = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout.includes('analyze');
  try {
    console.log(`\n### ${layouts.length} images, ${distinctTars.size} distinct layers, ${(tarBytes / 1e6).toFixed(1)} MB of distinct tar\n`);
    const store = join(work, 'store');
    const rows = [];
    const ingest = bestOf(RUNS, () => {
      rmSync(store, { recursive: true, force: true });
      return timed([process.execPath, CLI, '--store', store, '--quiet', 'ingest', ...layouts]);
    });
    const row = (label, r) => rows.push([label, r.seconds.toFixed(1), (tarBytes / 1e6 / r.seconds).toFixed(0), `${(ingest.seconds / r.seconds).toFixed(2)}×`, `${(r.rss / 1048576).toFixed(0)} MiB`]);
    row('cairn ingest (aligned, writes the store)', ingest);
    let report;
    if (wired) {
      const analyze = bestOf(RUNS, () => timed([process.execPath, CLI, '--json', 'analyze', ...layouts]));
      report = JSON.parse(analyze.stdout);
      row('cairn analyze (4 modes, gzip + zstd baselines)', analyze);
      row('cairn analyze --no-gzip', bestOf(RUNS, () => timed([process.execPath, CLI, '--quiet', 'analyze', '--no-gzip', ...layouts])));
      row('cairn analyze --modes aligned --no-gzip', bestOf(RUNS, () => timed([process.execPath, CLI, '--quiet', 'analyze', '--modes', 'aligned', '--no-gzip', ...layouts])));
      row('cairn report (4 modes, gzip + zstd, from the store)', bestOf(RUNS, () => timed([process.execPath, CLI, '--store', store, '--quiet', 'report'])));
    } else {
      console.log('(cairn analyze and report are not wired into the CLI: their rows are missing)');
    }
    if (have('casync')) {
      const casync = bestOf(RUNS, () => {
        const castr = join(work, 'castr');
        rmSync(castr, { recursive: true, force: true });
        let seconds = 0;
        let rss = 0;
        let i = 0;
        for (const tar of distinctTars.values()) {
          const r = timed(['casync', 'make', '--compression=zstd', `--store=${castr}`, join(work, `l${i++}.caibx`), tar]);
          seconds += r.seconds;
          rss = Math.max(rss, r.rss);
        }
        return { seconds, rss };
      });
      row('casync make (distinct layer tars as blobs, zstd)', casync);
    } else {
      console.log('(casync not installed: apt-get install casync)');
    }
    printTable(['tool', 'seconds', 'MB/s', 'speed vs ingest', 'peak RSS'], rows);
    console.log('\nMB/s: distinct uncompressed tar bytes over wall time, process start-up included.');
    if (report) {
      const t = report.totals;
      console.log(`\nCorpus figures (cairn analyze, distinct layers): tar ${mib(t.tarBytes)}; registry blobs ${mib(t.registryBytes)}; gzip -6 ${mib(t.gzipBytes)}; zstd -3 ${mib(t.zstdBytes)};`
        + ` files ${mib(t.fileStoredBytes)} stored; chunks stored: ${Object.entries(t.chunkStoredBytes).map(([m, v]) => `${m} ${mib(v)} (${pct(v, t.registryBytes)} of the pull)`).join(', ')}.`);
      if (report.alignment) console.log(report.alignment.summary);
      const pull = report.upgrades.reduce((s, u) => s + u.layerPullBytes, 0);
      const files = report.upgrades.reduce((s, u) => s + u.newFileBytes, 0);
      const chunks = report.upgrades.reduce((s, u) => s + u.newChunkBytes, 0);
      console.log(`Upgrades (${report.upgrades.length}): layer pulls ${mib(pull)}, new files ${mib(files)} (${pct(files, pull)}), new chunks ${mib(chunks)} (${pct(chunks, pull)}).`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runReport();
