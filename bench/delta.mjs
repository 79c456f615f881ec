// Delta codec benchmark: cairn's delta (chooseDelta: sa, and zstd where worth trying, the smaller kept)
// next to `bsdiff`, `xdelta3 -e -9 -s` and `zstd -19 --long=27 --patch-from`, all on the same
// file pairs in one run. Pairs: every file that changed between consecutive releases of each
// app of the demo corpus (built or reused by corpus/build.mjs), split into executables (ELF)
// and other files (JS, JSON, text); plus any pairs named in CAIRN_BENCH_DELTA_PAIRS
// ("old:new,old:new"). Sizes in bytes; times are wall seconds of one run (cairn in-process,
// peers as processes). CAIRN_BENCH_DELTA_MAX_MB skips pairs whose target is larger (reported);
// CAIRN_BENCH_DELTA_APPS=esbuild-app,tsc-app limits the corpus apps.
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { deltaPeers, extractTars, have } from './peers.mjs';
import { printTable } from './lib.mjs';
import { chooseDelta, decodeDelta, suffixArray } from '../dist/delta/index.js';
import { kernelSuffixArray } from '../dist/delta/kernel.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = Number(process.env.CAIRN_BENCH_DELTA_MAX_MB ?? Infinity) * 1e6;
const APPS = (process.env.CAIRN_BENCH_DELTA_APPS ?? '').split(',').filter(Boolean);

const extract = (tars, dir) => extractTars(tars, dir);

const isElf = (b) => b.length > 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** Suffix array construction time on the largest base seen: TypeScript SA-IS and the WebAssembly kernel. */
const saTiming = { bytes: 0, seconds: 0, wasmSeconds: 0 };

/** Every peer and cairn on one pair; cairn's delta is decoded and compared. */
function measurePair(a, b, work) {
  const base = readFileSync(a);
  const target = readFileSync(b);
  if (base.length > saTiming.bytes && base.length > 1e6) {
    const start = process.hrtime.bigint();
    suffixArray(base);
    const mid = process.hrtime.bigint();
    kernelSuffixArray(base);
    Object.assign(saTiming, { bytes: base.length, seconds: Number(mid - start) / 1e9, wasmSeconds: Number(process.hrtime.bigint() - mid) / 1e9 });
  }
  let start = process.hrtime.bigint();
  const chosen = chooseDelta(base, target);
  const encode = Number(process.hrtime.bigint() - start) / 1e9;
  start = process.hrtime.bigint();
  const back = decodeDelta(base, chosen.delta);
  const decode = Number(process.hrtime.bigint() - start) / 1e9;
  if (!Buffer.from(back).equals(target)) throw new Error(`cairn round trip failed on ${b}`);
  const p = (n) => join(work, n);
  const tBsdiff = deltaPeers.bsdiff(a, b, p('d.bsdiff'));
  const tXdelta = deltaPeers.xdelta3(a, b, p('d.xd3'));
  const tZstd = deltaPeers.zstd(a, b, p('d.zst'));
  return {
    elf: isElf(target), bytes: target.length, method: chosen.method,
    cairn: chosen.delta.length, bsdiff: statSync(p('d.bsdiff')).size, xdelta3: statSync(p('d.xd3')).size, zstd: statSync(p('d.zst')).size,
    tCairn: encode, tDecode: decode, tBsdiff, tXdelta, tZstd,
  };
}

function sum(rows, key) {
  return rows.reduce((s, r) => s + r[key], 0);
}

function row(label, rows) {
  const c = sum(rows, 'cairn');
  const methods = ['sa', 'zstd'].map((m) => `${rows.filter((r) => r.method === m).length} ${m}`).join(', ');
  const ratio = (k) => (c / sum(rows, k)).toFixed(2);
  return [label, rows.length, methods, (sum(rows, 'bytes') / 1e6).toFixed(2), c, sum(rows, 'bsdiff'), sum(rows, 'xdelta3'), sum(rows, 'zstd'),
    ratio('bsdiff'), ratio('xdelta3'), ratio('zstd'),
    sum(rows, 'tCairn').toFixed(1), sum(rows, 'tDecode').toFixed(2), sum(rows, 'tBsdiff').toFixed(1), sum(rows, 'tXdelta').toFixed(1), sum(rows, 'tZstd').toFixed(1)];
}

const HEADER = ['pairs', 'files', 'cairn methods', 'target MB', 'cairn B', 'bsdiff B', 'xdelta3 B', 'zstd B',
  'cairn/bsdiff', 'cairn/xdelta3', 'cairn/zstd', 'cairn enc s', 'cairn dec s', 'bsdiff s', 'xdelta3 s', 'zstd s'];

export async function runDelta() {
  const missing = ['bsdiff', 'xdelta3', 'zstd', 'tar'].filter((t) => !have(t));
  if (missing.length) {
    console.log(`skipped: missing ${missing.join(', ')} (apt-get install bsdiff xdelta3 zstd)`);
    return;
  }
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('corpus build failed');
  const corpusDir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-delta-'));
  const rows = [];
  const all = [];
  const skipped = [];
  try {
    const upgrades = [];
    for (let i = 1; i < corpus.images.length; i++) {
      const [from, to] = [corpus.images[i - 1], corpus.images[i]];
      if (from.app === to.app && (!APPS.length || APPS.includes(to.app))) upgrades.push([`${to.app} ${from.version}→${to.version}`, from.layerTars, to.layerTars]);
    }
    for (const [label, fromTars, toTars] of upgrades) {
      const dir = mkdtempSync(join(work, 'u-'));
      const olds = extract(fromTars, mkdtempSync(join(dir, 'old-')));
      const news = extract(toTars, mkdtempSync(join(dir, 'new-')));
      const pairs = [];
      for (const [path, b] of news) {
        const a = olds.get(path);
        if (!a) continue;
        const [sa, sb] = [statSync(a).size, statSync(b).size];
        if (sa === sb && readFileSync(a).equals(readFileSync(b))) continue;
        if (sb > MAX_BYTES) skipped.push(`${label} ${path} (${(sb / 1e6).toFixed(1)} MB)`);
        else pairs.push(measurePair(a, b, dir));
      }
      rm(dir);
      all.push(...pairs);
      console.error(`[delta] ${row(label, pairs).join(' | ')}`);
      for (const [kind, pick] of [['ELF', (r) => r.elf], ['other', (r) => !r.elf]]) {
        const some = pairs.filter(pick);
        if (some.length) rows.push(row(`${label} ${kind}`, some));
      }
    }
    for (const spec of (process.env.CAIRN_BENCH_DELTA_PAIRS ?? '').split(',').filter(Boolean)) {
      const [a, b] = spec.split(':');
      const r = measurePair(a, b, work);
      all.push(r);
      rows.push(row(`${b.split('/').pop()} (${r.elf ? 'ELF' : 'other'})`, [r]));
    }
    if (all.length) {
      rows.push(row('total ELF', all.filter((r) => r.elf)));
      rows.push(row('total other', all.filter((r) => !r.elf)));
      rows.push(row('total', all));
    }
    console.log(`\ncorpus: ${corpusDir}; pairs: changed files of consecutive releases (same path)\n`);
    printTable(HEADER, rows);
    if (skipped.length) console.log(`\nskipped (CAIRN_BENCH_DELTA_MAX_MB): ${skipped.join('; ')}`);
    if (saTiming.bytes > 0) {
      const mb = saTiming.bytes / 1e6;
      console.log(`\nsuffix array (SA-IS) of the largest base, ${mb.toFixed(1)} MB: TypeScript ${saTiming.seconds.toFixed(1)} s (${(mb / saTiming.seconds).toFixed(1)} MB/s), ` +
        `WebAssembly kernel ${saTiming.wasmSeconds.toFixed(1)} s (${(mb / saTiming.wasmSeconds).toFixed(1)} MB/s), same run`);
    }
    console.log('\nratios below 1.00: cairn is smaller. cairn enc: chooseDelta (sa, zstd where worth trying; in-process); peers: whole processes.');
    console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  } finally {
    rm(work);
  }
}

function rm(dir) {
  rmSync(dir, { recursive: true, force: true });
}
