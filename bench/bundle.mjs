// Upgrade bundles on the demo corpus, next to the binary-delta peers, all in one run. For each
// consecutive release pair of one app (FROM→TO), and in total:
// - layer pull: the registry blobs of TO's layers FROM lacks (what `docker pull` fetches);
// - new chunks: TO's aligned chunks FROM lacks, stored, plus framing (`cairn report`'s figure);
// - cairn bundle: the bytes of `writeBundle(store, [TO], {from: [FROM]})`, and its time;
// - zstd: `zstd -19 --long=27 --patch-from=OLD NEW` per changed layer tar, and its time;
// - xdelta3: `xdelta3 -e -9 -s OLD NEW` per changed layer tar;
//   OLD is FROM's layer tar at the same index (every corpus image has three layers: base, deps,
//   app), else all of FROM's layer tars concatenated;
// - bsdiff: `bsdiff OLD NEW` per changed regular file of the changed layers, OLD the file at the
//   same path in FROM (a one-byte file for a path FROM lacks); tar headers are not counted;
// - apply: `applyBundle` into a fresh store holding only FROM, in MB/s of layer tar rebuilt.
// Then the targets: bundle ≤ 0.9 × min(zstd, xdelta3) per upgrade; bundle total ≤ bsdiff total;
// apply ≥ 100 MB/s; bundle creation ≤ zstd -19 time. cairn runs in-process, peers as processes.
//   node bench/run.mjs bundle [--small]
// --small: the small corpus (esbuild-app 0.20.0→0.20.1). CAIRN_BENCH_BUNDLE_APPS=esbuild-app,tsc-app
// limits the apps; CAIRN_BENCH_BUNDLE_NO_BSDIFF=1 skips bsdiff (slow and memory-hungry on 50 MB files).
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { deltaPeers, extractTars, have } from './peers.mjs';
import { printTable } from './lib.mjs';
import { applyBundle, ingest, openStore, reportStore, writeBundle } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = (process.env.CAIRN_BENCH_BUNDLE_APPS ?? '').split(',').filter(Boolean);
const NO_BSDIFF = process.env.CAIRN_BENCH_BUNDLE_NO_BSDIFF === '1';
const MiB = 1024 * 1024;

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

const extract = (tar, dir) => extractTars([tar], dir);

/** The peers on one upgrade's changed layers: zstd and xdelta3 per layer tar, bsdiff per file. */
function peers(from, to, work) {
  const result = { zstd: 0, xdelta3: 0, bsdiff: NO_BSDIFF ? null : 0, tZstd: 0, tXdelta: 0, tBsdiff: 0, layers: 0, files: 0 };
  let concatenated;
  const oldFiles = new Map();
  if (!NO_BSDIFF) for (const [i, tar] of from.layerTars.entries()) for (const [path, file] of extract(tar, join(work, `old-${i}`))) oldFiles.set(path, file);
  // bsdiff cannot map an empty file: a path FROM lacks is diffed against one zero byte.
  const empty = join(work, 'empty');
  writeFileSync(empty, Buffer.alloc(1));
  for (const [i, diffId] of to.diffIds.entries()) {
    if (from.diffIds.includes(diffId)) continue;
    result.layers++;
    const target = to.layerTars[i];
    let old = from.layerTars[i];
    if (old === undefined) {
      concatenated ??= join(work, 'old-image.tar');
      writeFileSync(concatenated, Buffer.concat(from.layerTars.map((t) => readFileSync(t))));
      old = concatenated;
    }
    result.tZstd += deltaPeers.zstd(old, target, join(work, 'd.zst'));
    result.zstd += statSync(join(work, 'd.zst')).size;
    result.tXdelta += deltaPeers.xdelta3(old, target, join(work, 'd.xd3'));
    result.xdelta3 += statSync(join(work, 'd.xd3')).size;
    if (NO_BSDIFF) continue;
    for (const [path, file] of extract(target, join(work, `new-${i}`))) {
      const base = oldFiles.get(path);
      if (base && statSync(base).size === statSync(file).size && readFileSync(base).equals(readFileSync(file))) continue;
      result.files++;
      result.tBsdiff += deltaPeers.bsdiff(base ?? empty, file, join(work, 'd.bsdiff'));
      result.bsdiff += statSync(join(work, 'd.bsdiff')).size;
    }
  }
  return result;
}

/** cairn: the bundle from the big store, then apply into a fresh store holding only FROM. */
async function cairn(store, from, to, work) {
  const path = join(work, 'bundle.tar');
  let start = process.hrtime.bigint();
  const made = await writeBundle(store, [to.name], { from: [from.name] }, createWriteStream(path));
  const tBundle = seconds(start);
  const receiver = await openStore(join(work, 'receiver'));
  try {
    await ingest(receiver, [from.ociLayout], { name: from.app });
    start = process.hrtime.bigint();
    const applied = await applyBundle(receiver, createReadStream(path));
    const tApply = seconds(start);
    const rebuilt = applied.layers.reduce((s, l) => s + l.tarBytes, 0);
    return { bundle: statSync(path).size, deltas: made.files.filter((f) => f.via === 'delta').length, tBundle, tApply, rebuilt };
  } finally {
    await receiver.close();
  }
}

const mib = (n) => (n === null ? 'n/a' : (n / MiB).toFixed(2));
const ratio = (a, b) => (b === null || b === 0 ? 'n/a' : (a / b).toFixed(2));

export async function runBundle() {
  const missing = ['zstd', 'xdelta3', 'tar', ...(NO_BSDIFF ? [] : ['bsdiff'])].filter((t) => !have(t));
  if (missing.length) throw new Error(`bench bundle: missing ${missing.join(', ')} (apt-get install zstd xdelta3 bsdiff)`);
  const small = process.env.CAIRN_BENCH_SMALL === '1';
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs'), ...(small ? ['--small'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('bench bundle: building the demo corpus failed (corpus/build.mjs needs the npm registry)');
  const corpusDir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
  const images = corpus.images.filter((i) => !APPS.length || APPS.includes(i.app));
  const pairs = [];
  for (let i = 1; i < images.length; i++) if (images[i - 1].app === images[i].app) pairs.push([images[i - 1], images[i]]);
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-bundle-'));
  const store = await openStore(join(work, 'sender'));
  const rows = [];
  const totals = { pull: 0, chunks: 0, bundle: 0, zstd: 0, xdelta3: 0, bsdiff: NO_BSDIFF ? null : 0, tBundle: 0, tZstd: 0, tApply: 0, rebuilt: 0 };
  const misses = [];
  try {
    for (const image of images) await ingest(store, [image.ociLayout], { name: image.app });
    const report = await reportStore(store, { images: images.map((i) => i.name), modes: ['aligned'], gzipLevel: null, bundles: false });
    for (const [from, to] of pairs) {
      const figures = report.upgrades.find((u) => u.from === from.name && u.to === to.name);
      if (!figures) throw new Error(`bench bundle: the report has no upgrade ${from.name} → ${to.name}`);
      const dir = mkdtempSync(join(work, 'u-'));
      const c = await cairn(store, from, to, dir);
      const p = peers(from, to, dir);
      rmSync(dir, { recursive: true, force: true });
      const best = Math.min(p.zstd, p.xdelta3);
      const label = `${to.app} ${from.version}→${to.version}`;
      if (c.bundle > 0.9 * best) misses.push(`${label} (${ratio(c.bundle, best)}x)`);
      rows.push([label, mib(figures.layerPullBytes), mib(figures.newChunkBytes), mib(c.bundle), mib(p.zstd), mib(p.xdelta3), mib(p.bsdiff),
        ratio(c.bundle, best), ratio(c.bundle, p.bsdiff), c.tBundle.toFixed(1), p.tZstd.toFixed(1), (c.rebuilt / 1e6 / c.tApply).toFixed(0)]);
      console.error(`[bundle] ${rows.at(-1).join(' | ')}`);
      totals.pull += figures.layerPullBytes;
      totals.chunks += figures.newChunkBytes;
      totals.bundle += c.bundle;
      totals.zstd += p.zstd;
      totals.xdelta3 += p.xdelta3;
      if (totals.bsdiff !== null) totals.bsdiff += p.bsdiff;
      totals.tBundle += c.tBundle;
      totals.tZstd += p.tZstd;
      totals.tApply += c.tApply;
      totals.rebuilt += c.rebuilt;
    }
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
  const t = totals;
  const apply = t.rebuilt / 1e6 / t.tApply;
  rows.push(['total', mib(t.pull), mib(t.chunks), mib(t.bundle), mib(t.zstd), mib(t.xdelta3), mib(t.bsdiff), ratio(t.bundle, Math.min(t.zstd, t.xdelta3)),
    ratio(t.bundle, t.bsdiff), t.tBundle.toFixed(1), t.tZstd.toFixed(1), apply.toFixed(0)]);
  console.log(`\ncorpus: ${corpusDir}; ${pairs.length} upgrades (consecutive releases of one app); sizes in MiB, times in wall seconds\n`);
  printTable(['upgrade', 'layer pull', 'new chunks', 'bundle', 'zstd', 'xdelta3', 'bsdiff', 'bundle/min(zstd,xd3)', 'bundle/bsdiff', 'bundle s', 'zstd s', 'apply MB/s'], rows);
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log('\ntargets:');
  console.log(`- bundle <= 0.9x min(zstd, xdelta3) on every upgrade: ${verdict(misses.length === 0)}${misses.length ? ` (missed: ${misses.join(', ')})` : ''}`);
  if (t.bsdiff !== null) console.log(`- bundle total <= per-file bsdiff total: ${ratio(t.bundle, t.bsdiff)}x, ${verdict(t.bundle <= t.bsdiff)}`);
  console.log(`- apply >= 100 MB/s of layer rebuilt: ${apply.toFixed(0)} MB/s, ${verdict(apply >= 100)}`);
  console.log(`- bundle creation <= zstd -19 --patch-from time: ${ratio(t.tBundle, t.tZstd)}x, ${verdict(t.tBundle <= t.tZstd)}`);
}
