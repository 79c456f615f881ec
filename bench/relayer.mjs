// Relayer benchmark: for each application of the demo corpus, its releases are ingested into a
// fresh store (untimed), then `cairn relayer` re-layers the whole history at the default layer
// budget (timed, whole process, GNU time). For each consecutive upgrade, in the same run:
//   - original     the pull of the original image: its new layers' registry blobs (the
//                  corpus's gzip -6 blobs)
//   - re-layered   the pull of the re-layered image: its new layers, gzip -6
//   - ideal        each new or changed file gzip -6 compressed alone
// and the ratios to the ideal. Targets (issue 13): each re-layered upgrade <= 1.25x the ideal,
// the whole history <= 1.1x the ideal summed. With --small (CAIRN_BENCH_SMALL=1) the small
// corpus (two esbuild-app releases) is used; CAIRN_BENCH_RELAYER_APPS=a,b keeps those apps only.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { timed } from './peers.mjs';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const small = process.env.CAIRN_BENCH_SMALL === '1';
const kb = (n) => (n / 1024).toFixed(0);
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(3) : '-');

/** The corpus's images grouped by application, in release order. */
function corpusApps() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs'), ...(small ? ['--small'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) return undefined;
  const dir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  const apps = new Map();
  const only = process.env.CAIRN_BENCH_RELAYER_APPS?.split(',');
  for (const image of corpus.images) {
    if (only && !only.includes(image.app)) continue;
    if (!image.ociLayout || !existsSync(image.ociLayout)) continue;
    if (!apps.has(image.app)) apps.set(image.app, []);
    apps.get(image.app).push(image);
  }
  return apps;
}

export async function runRelayer() {
  const apps = corpusApps();
  if (!apps) {
    console.log('(corpus could not be built: relayer benchmark skipped)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-relayer-'));
  const rows = [];
  const summary = [];
  const all = { original: 0, relayered: 0, ideal: 0 };
  let worst = 0;
  try {
    for (const [app, images] of apps) {
      const store = join(work, app);
      const cairn = (...args) => [process.execPath, CLI, '--store', store, '--quiet', ...args];
      for (const image of images) {
        const [cmd, ...args] = cairn('ingest', image.ociLayout, '--name', app);
        const ingest = spawnSync(cmd, args, { encoding: 'utf8' });
        if (ingest.status !== 0) throw new Error(`cairn ingest ${image.ociLayout} failed: ${ingest.stderr}`);
      }
      const run = timed(cairn('--json', 'relayer', ...images.map((i) => `${app}:${i.tag}`), '--name', `${app}-rl`));
      const result = JSON.parse(run.stdout);
      for (const u of result.upgrades) {
        const r = u.relayered.bytes / u.ideal.bytes;
        worst = Math.max(worst, r);
        rows.push([`${app} ${u.from.split(':')[1]}→${u.to.split(':')[1]}`, kb(u.original.bytes), kb(u.relayered.bytes), kb(u.ideal.bytes), ratio(u.original.bytes, u.ideal.bytes), ratio(u.relayered.bytes, u.ideal.bytes), `${u.original.newLayers}/${u.original.layers}`, `${u.relayered.newLayers}/${u.relayered.layers}`, u.ideal.files]);
      }
      const t = result.totals;
      all.original += t.originalBytes;
      all.relayered += t.relayeredBytes;
      all.ideal += t.idealBytes;
      summary.push([app, images.length, kb(t.originalBytes), kb(t.relayeredBytes), kb(t.idealBytes), ratio(t.originalBytes, t.idealBytes), ratio(t.relayeredBytes, t.idealBytes), run.seconds.toFixed(1)]);
      rmSync(store, { recursive: true, force: true });
    }
    console.log('\n### Per upgrade: KiB pulled (new layers: new/total)\n');
    printTable(['upgrade', 'original KiB', 're-layered KiB', 'ideal KiB', 'original/ideal', 're-layered/ideal', 'orig layers', 're-layered layers', 'changed files'], rows);
    console.log('\n### Whole histories (default --max-layers 32)\n');
    summary.push(['all', '', kb(all.original), kb(all.relayered), kb(all.ideal), ratio(all.original, all.ideal), ratio(all.relayered, all.ideal), '']);
    printTable(['app', 'versions', 'original KiB', 're-layered KiB', 'ideal KiB', 'original/ideal', 're-layered/ideal', 'relayer s'], summary);
    console.log(`\nworst upgrade: ${worst.toFixed(3)}x the ideal (target <= 1.25); whole history: ${ratio(all.relayered, all.ideal)}x (target <= 1.1)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
