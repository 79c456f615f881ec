// The main job: build the demo corpus (corpus/build.mjs; cached outside git), ingest every
// image into the default store (--store / $CAIRN_STORE / XDG default, as the CLI), then print
// the dedup report and write report.html (with each app's releases re-layered first, so that
// the report prices upgrades "re-layered"). Runs the `cairn` command line, as a user would.
//   npm run demo [-- --small]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const extra = process.argv.slice(2);

function run(args, label) {
  process.stderr.write(`cairn demo: ${label}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`cairn demo: ${label} failed (exit ${r.status})\n`);
    process.exit(r.status ?? 1);
  }
}

const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs'), ...extra], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write('cairn demo: building the corpus failed\n');
  process.exit(1);
}
const corpusDir = build.stdout.trim().split('\n').pop();
const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
// Each OCI layout tags its image with a bare version; --name gives the repository (the app).
for (const image of corpus.images) {
  run(['--quiet', 'ingest', image.ociLayout, '--name', image.app], `ingest ${image.name}`);
}
// Each application's releases re-layered (docs/relayer.md): the report prices their upgrades "re-layered".
const apps = [...new Set(corpus.images.map((i) => i.app))];
for (const app of apps) {
  const versions = corpus.images.filter((i) => i.app === app).map((i) => `${app}:${i.tag}`);
  if (versions.length > 1) run(['--quiet', 'relayer', ...versions, '--name', `${app}-relayered`], `relayer ${app}`);
}
const names = corpus.images.map((i) => i.name);
const html = resolve(process.cwd(), 'report.html');
run(['report', ...names, '--html', html], 'report');
process.stderr.write(`cairn demo: wrote ${html}\n`);
