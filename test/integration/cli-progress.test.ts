// Progress bars as a user sees them on a terminal (run under script(1) for a pseudo-terminal):
// sizes in MiB with a rate; none with --json or --quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmp, writeLayerTar } from '../support/cli.js';
import { CLI } from '../support/paths.js';

const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;

function onTerminal(args: string): string {
  const r = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" ${args}`, '/dev/null'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout;
}

test('ingest on a terminal: MiB done and MiB/s; nothing with --json or --quiet', { skip: hasScript ? false : 'script(1) not installed' }, () => {
  const dir = tmp('progress');
  const tar = writeLayerTar(dir, 'big.tar', 'progress', 24, 1 << 20);
  const shown = onTerminal(`--store "${join(dir, 's')}" ingest "${tar}" --name p:v1`);
  assert.match(shown, /ingest .*\d+(\.\d)? MiB .*\d+(\.\d)? MiB\/s/, shown.slice(0, 400));
  assert.doesNotMatch(shown, /\d+\/\d+ MB\b/, 'no MB bars');
  const json = onTerminal(`--store "${join(dir, 's2')}" --json ingest "${tar}" --name p:v1`);
  assert.doesNotMatch(json, /MiB\/s/);
  const quiet = onTerminal(`--store "${join(dir, 's3')}" --quiet ingest "${tar}" --name p:v1`);
  assert.equal(quiet.trim(), '');
});

test('bundle and apply on a terminal: a bar of MiB done of the total; nothing with --json', { skip: hasScript ? false : 'script(1) not installed', timeout: 300_000 }, () => {
  const dir = tmp('progress-bundle');
  const old = writeLayerTar(dir, 'old.tar', 'bundle-old', 2, 100_000);
  const big = writeLayerTar(dir, 'big.tar', 'bundle-new', 16, 1 << 20);
  const sender = join(dir, 'sender');
  const receiver = join(dir, 'receiver');
  onTerminal(`--store "${sender}" --quiet ingest "${old}" --name p:v1`);
  onTerminal(`--store "${sender}" --quiet ingest "${big}" --name p:v2`);
  onTerminal(`--store "${receiver}" --quiet ingest "${old}" --name p:v1`);
  const bundle = join(dir, 'up.tar');
  const made = onTerminal(`--store "${sender}" bundle p:v2 --from p:v1 -o "${bundle}"`);
  assert.match(made, /bundle \[[#-]+\] +\d+%  \d+(\.\d)?\/16 MiB  \d+(\.\d)? MiB\/s/, made.slice(0, 400));
  const applied = onTerminal(`--store "${receiver}" apply "${bundle}"`);
  assert.match(applied, /apply \[[#-]+\] +\d+%  \d+(\.\d)?\/\d+(\.\d)? MiB  \d+(\.\d)? MiB\/s/, applied.slice(0, 400));
  assert.match(applied, /applied .*p:v2/);
  const json = onTerminal(`--store "${join(dir, 'sender')}" --json bundle p:v2 --from p:v1 -o "${join(dir, 'again.tar')}"`);
  assert.doesNotMatch(json, /MiB\/s/);
});
