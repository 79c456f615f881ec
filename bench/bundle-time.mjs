// Bundle creation time: this checkout's cairn (dist/) and optionally another build (a dist
// directory given as argument, e.g. of main, for a before/after ratio), next to zstd -19 --long=27 --patch-from
// on the changed layer tars, interleaved in one run.
// Usage: node bench/bundle-time.mjs [PEER_DIST]; CAIRN_BENCH_BUNDLE_TIME=app:from:to,... picks the
// upgrades (default tsc-app 5.4.3→5.4.4 and esbuild-app 0.20.0→0.20.1). Needs the demo corpus
// (node corpus/build.mjs) and zstd. Times in seconds, wall clock, one run each.
import { readFileSync, createWriteStream, statSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mine = join(root, 'dist');
const peerDist = process.argv[2];
const APPS = (process.env.CAIRN_BENCH_BUNDLE_TIME ?? 'tsc-app:5.4.3:5.4.4,esbuild-app:0.20.0:0.20.1').split(',').map((s) => s.split(':'));
const A = await import(mine + '/index.js');
const B = peerDist ? await import(peerDist + '/index.js') : undefined;
const corpus = JSON.parse(readFileSync(process.env.HOME + '/.cache/cairn-corpus/corpus.json', 'utf8'));
const want = APPS;
const work = mkdtempSync(join(tmpdir(), 'cairn-bundle-time-'));
const find = (app, v) => corpus.images.find((i) => i.app === app && i.version === v);
const store = await A.openStore(join(work, 'store'));
for (const [app, a, b] of want) for (const v of [a, b]) { const im = find(app, v); await A.ingest(store, [im.ociLayout], { name: `${app}:${v}` }); }
await store.close();
const sec = (t) => Number(process.hrtime.bigint() - t) / 1e9;
for (const [app, a, b] of want) {
  const from = find(app, a), to = find(app, b);
  const res = {};
  for (const [label, M] of [['this', A], ['peer', B]]) {
    if (!M) continue;
    const s = await M.openStore(join(work, 'store'));
    const t = process.hrtime.bigint();
    const out = join(work, 'b.tar');
    const rep = await M.writeBundle(s, [`${app}:${b}`], { from: [`${app}:${a}`] }, createWriteStream(out));
    res[label] = [sec(t), statSync(out).size, rep.deltaBytes];
    await s.close();
  }
  let tz = 0, zb = 0;
  for (const [i, tar] of to.layerTars.entries()) {
    if (from.diffIds[i] === to.diffIds[i]) continue;
    const t = process.hrtime.bigint();
    const r = spawnSync('zstd', ['-q', '-f', '-19', '--long=27', `--patch-from=${from.layerTars[i]}`, tar, '-o', join(work, 'd.zst')]);
    if (r.status !== 0) throw new Error(String(r.stderr));
    tz += sec(t); zb += statSync(join(work, 'd.zst')).size;
  }
  console.log(`${app} ${a}→${b}`, JSON.stringify(res), `zstd ${tz.toFixed(1)}s ${zb}B`, 'this/zstd', (res.this[0] / tz).toFixed(2), res.peer ? 'peer/zstd ' + (res.peer[0] / tz).toFixed(2) : '', 'load', readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
}
rmSync(work, { recursive: true, force: true });
