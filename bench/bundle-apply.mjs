// Apply throughput: this checkout's cairn (dist/) and optionally another build (a dist directory
// given as argument, e.g. of main, for a before/after ratio), each applying the same bundle into
// a fresh copy of a store holding only FROM, interleaved (the order alternates per round).
// Wall and CPU time (process.cpuUsage: every thread of the process) per apply, min and median
// over the rounds, and MB/s of layer tar rebuilt per second of wall time.
// Usage: node bench/bundle-apply.mjs [PEER_DIST]; CAIRN_BENCH_BUNDLE_APPLY=app:from:to,... picks the
// upgrades (default tsc-app 5.4.3→5.4.4 and api-app 1.0.4→1.0.5), CAIRN_BENCH_ROUNDS the rounds
// (default 5). Needs the demo corpus (node corpus/build.mjs). The bundle is made by this checkout.
import { cpSync, createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dists = [join(root, 'dist'), ...(process.argv[2] ? [process.argv[2]] : [])];
const builds = await Promise.all(dists.map((d) => import(join(d, 'index.js'))));
const upgrades = (process.env.CAIRN_BENCH_BUNDLE_APPLY ?? 'tsc-app:5.4.3:5.4.4,api-app:1.0.4:1.0.5').split(',').map((s) => s.split(':'));
const rounds = Number(process.env.CAIRN_BENCH_ROUNDS ?? 5);
const corpus = JSON.parse(readFileSync(join(process.env.HOME, '.cache', 'cairn-corpus', 'corpus.json'), 'utf8'));
const find = (app, version) => corpus.images.find((i) => i.app === app && i.version === version);
const A = builds[0];
const work = mkdtempSync(join(tmpdir(), 'cairn-bundle-apply-'));
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
try {
  for (const [app, from, to] of upgrades) {
    const dir = join(work, `${app}-${from}-${to}`);
    const sender = await A.openStore(join(dir, 'sender'));
    await A.ingest(sender, [find(app, from).ociLayout], { name: `${app}:${from}` });
    await A.ingest(sender, [find(app, to).ociLayout], { name: `${app}:${to}` });
    const bundle = join(dir, 'bundle.tar');
    await A.writeBundle(sender, [`${app}:${to}`], { from: [`${app}:${from}`] }, createWriteStream(bundle));
    await sender.close();
    const template = join(dir, 'receiver');
    const receiver = await A.openStore(template);
    await A.ingest(receiver, [find(app, from).ociLayout], { name: `${app}:${from}` });
    await receiver.close();
    const runs = builds.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < builds.length; i++) {
        const k = (i + r) % builds.length;
        const copy = join(dir, 'applying');
        rmSync(copy, { recursive: true, force: true });
        cpSync(template, copy, { recursive: true });
        const store = await builds[k].openStore(copy);
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const report = await builds[k].applyBundle(store, createReadStream(bundle));
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        await store.close();
        runs[k].push({ wall, cpu: (cpu.user + cpu.system) / 1e6, bytes: report.layers.reduce((s, l) => s + l.tarBytes, 0) });
      }
    }
    for (const [k, rs] of runs.entries()) {
      const mb = rs[0].bytes / 1e6;
      const wall = rs.map((x) => x.wall);
      const cpu = rs.map((x) => x.cpu);
      console.log(`${app} ${from}→${to} ${k === 0 ? 'this' : 'peer'}: ${mb.toFixed(1)} MB of layer; wall min ${Math.min(...wall).toFixed(2)} s, median ${med(wall).toFixed(2)} s; CPU min ${Math.min(...cpu).toFixed(2)} s, median ${med(cpu).toFixed(2)} s; ${(mb / med(wall)).toFixed(0)} MB/s (median), ${(mb / Math.min(...wall)).toFixed(0)} MB/s (best)`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
