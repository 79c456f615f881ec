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
