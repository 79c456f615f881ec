// gzip of layers on export (issue 12 target 5): `cairn export layer --compress gzip` (parallel
// deflate in the pigz manner, src/parallel-gzip.ts) against `gzip -6` of the same tar, in
// one run: whole processes under GNU time, best of 2, and the sizes. Inputs: every layer of the
// demo corpus's largest image, and (as a hard case for zlib) a tar of the node binary.
// CAIRN_BENCH_GZIP_TAR=path adds a tar of your own. Target: >= 1.8x gzip -6 on two cores at
// <= 1.01x its size. Then zstd the same way: `cairn export layer --compress zstd` (compressed on a
// worker thread while the layer is rebuilt, src/zstd-stream.ts) against `zstd -3` on one thread
// and on two; CAIRN_BENCH_BEFORE=<another build's dist/cli/main.js> adds that build's export.
// CAIRN_BENCH_GZIP_BLOCKS=128,512,1024 adds the parallel gzip alone, in-process, at those block
// sizes (KiB) on the largest input.
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bestOf, timed } from './peers.mjs';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');

function corpusTars() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('corpus build failed');
  const corpusDir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
  const size = (i) => i.layerTars.reduce((s, t) => s + statSync(t).size, 0);
  const image = corpus.images.reduce((a, b) => (size(b) > size(a) ? b : a));
  return image.layerTars.map((tar, i) => [`${image.name} layer ${i + 1}`, tar]);
}

/** zstd of one layer: cairn's export against the zstd command on one thread and on two (and another build's export). */
function zstdRow(label, tar, bytes, store, diffId, work) {
  const out = join(work, 'c.zst');
  const cairnRun = (cli) => bestOf(2, () => timed([process.execPath, cli, '--store', store, 'export', 'layer', diffId, '--compress', 'zstd', '-o', out]));
  const cairn = cairnRun(CLI);
  const check = spawnSync('sh', ['-c', `zstd -dc '${out}' | cmp - '${tar}'`]);
  if (check.status !== 0) throw new Error(`${label}: cairn's zstd does not decompress to the layer`);
  const cSize = statSync(out).size;
  const before = process.env.CAIRN_BENCH_BEFORE ? [cairnRun(process.env.CAIRN_BENCH_BEFORE).seconds.toFixed(2)] : [];
  const t1 = bestOf(2, () => timed(['sh', '-c', `zstd -3 -T1 -q -f -c '${tar}' > '${join(work, 'z1.zst')}'`]));
  const t2 = bestOf(2, () => timed(['sh', '-c', `zstd -3 -T2 -q -f -c '${tar}' > '${join(work, 'z2.zst')}'`]));
  return [label, (bytes / 1e6).toFixed(1), t1.seconds.toFixed(2), t2.seconds.toFixed(2), cairn.seconds.toFixed(2), ...before,
    `${(t1.seconds / cairn.seconds).toFixed(2)}×`, `${(t2.seconds / cairn.seconds).toFixed(2)}×`, statSync(join(work, 'z1.zst')).size, cSize];
}

/**
 * CAIRN_BENCH_GZIP_BLOCKS=128,512,1024 (KiB): the parallel gzip alone, in-process, at each block
 * size, on `tar` read from memory into a counting sink; the sizes in turns, best of 3 rounds.
 */
async function blockSizes(tar) {
  const { createParallelGzip } = await import(join(root, 'dist', 'parallel-gzip.js'));
  const sizes = process.env.CAIRN_BENCH_GZIP_BLOCKS.split(',').map((k) => Number(k) * 1024);
  const input = readFileSync(tar);
  const best = new Map(sizes.map((b) => [b, { seconds: Infinity, bytes: 0 }]));
  for (let round = 0; round < 3; round++) {
    for (const blockSize of sizes) {
      let bytes = 0;
      const t0 = performance.now();
      const pieces = (function* () { for (let at = 0; at < input.length; at += 1 << 20) yield input.subarray(at, at + (1 << 20)); })();
      await pipeline(Readable.from(pieces), createParallelGzip({ blockSize }), new Writable({ write(c, _e, done) { bytes += c.length; done(); } }));
      const seconds = (performance.now() - t0) / 1000;
      if (seconds < best.get(blockSize).seconds) best.set(blockSize, { seconds, bytes });
    }
  }
  console.log('');
  printTable(['block KiB', 'tar MB', 'in-process s', 'MB/s', 'bytes'], sizes.map((b) => {
    const r = best.get(b);
    return [b / 1024, (input.length / 1e6).toFixed(1), r.seconds.toFixed(2), (input.length / 1e6 / r.seconds).toFixed(0), r.bytes];
  }));
  console.log('\nthe parallel gzip alone (no store, no process start), each block size in turns, best of 3.');
}

export async function runGzip() {
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-gzip-'));
  try {
    const nodeTar = join(work, 'node.tar');
    spawnSync('tar', ['-cf', nodeTar, '-C', dirname(process.execPath), 'node']);
    const inputs = [...corpusTars(), ['node binary (tar)', nodeTar]];
    if (process.env.CAIRN_BENCH_GZIP_TAR) inputs.push(['CAIRN_BENCH_GZIP_TAR', process.env.CAIRN_BENCH_GZIP_TAR]);
    const rows = [];
    const zstdRows = [];
    for (const [label, tar] of inputs) {
      const bytes = statSync(tar).size;
      const store = join(work, 'store');
      rmSync(store, { recursive: true, force: true });
      const made = spawnSync(process.execPath, [CLI, '--store', store, '--quiet', '--json', 'ingest', tar, '--name', 'g:1'], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`ingest failed: ${made.stderr}`);
      const diffId = JSON.parse(made.stdout).images[0].layers[0];
      const plain = join(work, 'plain.tar');
      const asIs = bestOf(2, () => timed([process.execPath, CLI, '--store', store, 'export', 'layer', diffId, '-o', plain]));
      const cairn = bestOf(2, () => timed([process.execPath, CLI, '--store', store, 'export', 'layer', diffId, '--compress', 'gzip', '-o', join(work, 'c.gz')]));
      const gzip = bestOf(2, () => timed(['sh', '-c', `gzip -6 -c '${tar}' > '${join(work, 'g.gz')}'`]));
      const check = spawnSync('sh', ['-c', `gzip -dc '${join(work, 'c.gz')}' | cmp - '${tar}'`]);
      if (check.status !== 0) throw new Error(`${label}: cairn's gzip does not decompress to the layer`);
      const cSize = statSync(join(work, 'c.gz')).size;
      const gSize = statSync(join(work, 'g.gz')).size;
      rows.push([label, (bytes / 1e6).toFixed(1), gzip.seconds.toFixed(2), cairn.seconds.toFixed(2), asIs.seconds.toFixed(2),
        `${(gzip.seconds / cairn.seconds).toFixed(2)}×`, gSize, cSize, `${(cSize / gSize).toFixed(4)}×`]);
      zstdRows.push(zstdRow(label, tar, bytes, store, diffId, work));
    }
    printTable(['layer', 'tar MB', 'gzip -6 s', 'cairn export --compress gzip s', 'cairn export (no gzip) s', 'speed vs gzip -6', 'gzip -6 bytes', 'cairn bytes', 'size vs gzip -6'], rows);
    console.log('\nwhole processes, best of 2; cairn\'s time includes rebuilding the layer from the store (the "no gzip" column).');
    const before = process.env.CAIRN_BENCH_BEFORE ? ['before: cairn s'] : [];
    console.log('');
    printTable(['layer', 'tar MB', 'zstd -3 -T1 s', 'zstd -3 -T2 s', 'cairn export --compress zstd s', ...before, 'vs -T1', 'vs -T2', 'zstd -T1 bytes', 'cairn bytes'], zstdRows);
    console.log('\nwhole processes, best of 2; cairn\'s zstd is single-threaded zstd\'s format (the bytes zstd-napi\'s CompressStream gives), made on a worker thread.');
    if (process.env.CAIRN_BENCH_GZIP_BLOCKS) await blockSizes(inputs.reduce((a, b) => (statSync(b[1]).size > statSync(a[1]).size ? b : a))[1]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
