// Versions as deltas (issue 12, target 4): the demo corpus's first 15 images (esbuild, biome,
// swc and tsc apps) ingested one by one with `cairn ingest --name APP:VERSION`, into one store
// without deltas and one with `--deltas` (then `cairn gc`, which reclaims the chunks the deltas
// replace). Printed: stored bytes (packs on disk) against the distinct gzip layer blobs a
// registry holds for the same images, ingest time, and the read speed of the delta-stored files
// from a fresh open (rebuilt through their chains, as an export reads them) against the same
// files read from their chunks in the store without deltas, and `cairn export layer` of every
// layer from each store.
// CAIRN_BENCH_VERSIONS_CODINGS=1 adds a third store, its deltas made by the library with the diff
// coding bundles use (the smaller of split and modelled, `diffCoding: 'smallest'`; the store's
// rule is split only), with its stored size and the read speed of the same files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const IMAGES = Number(process.env.CAIRN_BENCH_VERSIONS_IMAGES ?? 15);
const CODINGS = process.env.CAIRN_BENCH_VERSIONS_CODINGS === '1';
const SMALLEST = '--deltas, smaller diff coding, then gc';

function cairn(store, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, '--store', store, '--quiet', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`cairn ${args.join(' ')}: ${r.stderr}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout: r.stdout };
}

function packBytes(store) {
  let total = 0;
  const packs = join(store, 'packs');
  for (const sub of readdirSync(packs)) for (const f of readdirSync(join(packs, sub))) total += statSync(join(packs, sub, f)).size;
  return total;
}

const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;

export async function runVersions() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('corpus build failed');
  const corpus = JSON.parse(readFileSync(join(build.stdout.trim().split('\n').pop(), 'corpus.json'), 'utf8'));
  const images = corpus.images.slice(0, IMAGES);
  const blobs = new Map();
  for (const image of images) for (const l of image.layers) blobs.set(l.digest, l.compressedSize);
  const registry = [...blobs.values()].reduce((a, b) => a + b, 0);
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-versions-'));
  const { openStore, ingest, deltasAfterIngest } = await import(join(root, 'dist', 'index.js'));
  try {
    const rows = [];
    const stores = {};
    for (const [label, extra] of [['chunks only', []], ['--deltas, then gc', ['--deltas']]]) {
      const store = join(work, label.replace(/\W+/g, '-'));
      stores[label] = store;
      let seconds = 0;
      for (const image of images) seconds += cairn(store, ['ingest', image.ociLayout, '--name', image.name, ...extra]).seconds;
      const beforeGc = packBytes(store);
      const gc = extra.length ? cairn(store, ['gc']).seconds : 0;
      const stored = packBytes(store);
      rows.push([label, mib(stored), `${(100 * stored / registry).toFixed(1)}%`, `${seconds.toFixed(1)} s`, extra.length ? `${mib(beforeGc)}; gc ${gc.toFixed(1)} s` : '']);
    }
    if (CODINGS) {
      const dir = join(work, 'smallest');
      stores[SMALLEST] = dir;
      const store = await openStore(dir);
      const started = process.hrtime.bigint();
      for (const image of images) {
        const { images: ingested } = await ingest(store, [image.ociLayout], { name: image.name });
        await deltasAfterIngest(store, ingested, { diffCoding: 'smallest' });
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const beforeGc = packBytes(dir);
      await store.gc();
      await store.close();
      const stored = packBytes(dir);
      rows.push([SMALLEST, mib(stored), `${(100 * stored / registry).toFixed(1)}%`, `${seconds.toFixed(1)} s (in-process)`, mib(beforeGc)]);
    }
    console.log(`\n### ${images.length} images (${images.map((i) => i.name).join(', ')}); registry: ${blobs.size} distinct gzip layer blobs, ${mib(registry)}; load ${loadavg()[0].toFixed(1)}\n`);
    printTable(['store', 'stored', 'of registry gzip', 'ingest (all images)', 'before gc'], rows);

    // Reads of the delta-stored files: a fresh open each pass, the files in reverse digest order (the
    // order of the index, reversed): versions and chains interleave, as in a mix of exports, and a base
    // rebuilt for one file may leave the cache of rebuilt files (160 MiB) before its own read.
    const withDeltas = await openStore(stores['--deltas, then gc'], { create: false });
    const files = await withDeltas.fileDeltas.list();
    const depths = await Promise.all(files.map((f) => withDeltas.fileDeltas.depth(f)));
    await withDeltas.close();
    const readAll = async (dir) => {
      const store = await openStore(dir, { create: false });
      const started = process.hrtime.bigint();
      let bytes = 0;
      for (const f of [...files].reverse()) for await (const piece of store.readFile(f)) bytes += piece.length;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await store.close();
      return { bytes, seconds };
    };
    const reads = [];
    const readFrom = [['delta-stored files, rebuilt (fresh open)', stores['--deltas, then gc']], ['the same files from chunks (store without deltas)', stores['chunks only']]];
    if (CODINGS) readFrom.push(['the same files, deltas of the smaller coding (fresh open)', stores[SMALLEST]]);
    for (const [label, dir] of readFrom) {
      const r = await readAll(dir);
      reads.push([label, String(files.length), mib(r.bytes), `${(r.bytes / 1e6 / r.seconds).toFixed(0)} MB/s`]);
    }
    const layers = [];
    for (const [label, dir] of Object.entries(stores)) {
      const diffIds = JSON.parse(cairn(dir, ['--json', 'ls', 'layers']).stdout).layers;
      let seconds = 0;
      let bytes = 0;
      for (const l of diffIds) {
        seconds += cairn(dir, ['export', 'layer', l.diffId, '-o', join(work, 'layer.tar')]).seconds;
        bytes += l.tarBytes;
      }
      layers.push([`cairn export layer, every layer (${label})`, String(diffIds.length), mib(bytes), `${(bytes / 1e6 / seconds).toFixed(0)} MB/s`]);
    }
    console.log(`\nDelta-stored files: ${files.length}, depths ${JSON.stringify(depths.reduce((m, d) => ((m[d] = (m[d] ?? 0) + 1), m), {}))}\n`);
    printTable(['read', 'files', 'bytes', 'speed'], [...reads, ...layers]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
