// The `cairn` command as npm installs it (package.json bin: bin/cairn, a shell script): reached
// through a symlink, as npm links it, it runs dist/cli/cairn.cjs; it sets glibc's malloc
// settings unless the environment gives them. The second test puts a stand-in `node` first on
// PATH that prints what it was given, so the script's environment and arguments are seen
// exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from '../support/paths.js';
import { tmp } from '../support/cli.js';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('the installed command, through a symlink, runs cairn', () => {
  const dir = tmp('cli-bin');
  const link = join(dir, 'cairn');
  symlinkSync(BIN, link);
  const r = spawnSync(link, ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
  const help = spawnSync(link, ['ingest', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: cairn ingest/);
});

test('the command sets malloc\'s arena count and trim threshold unless they are set, and passes every argument on', () => {
  const dir = tmp('cli-bin-env');
  writeFileSync(join(dir, 'node'), '#!/bin/sh\nprintf "%s|%s\\n" "$MALLOC_ARENA_MAX" "$MALLOC_TRIM_THRESHOLD_"\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
  chmodSync(join(dir, 'node'), 0o755);
  const link = join(dir, 'linked-cairn');
  symlinkSync(BIN, link);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` };
  delete env.MALLOC_ARENA_MAX;
  delete env.MALLOC_TRIM_THRESHOLD_;
  const run = (extra: NodeJS.ProcessEnv): string[] => {
    const r = spawnSync(link, ['ls', 'with space', '--json'], { encoding: 'utf8', env: { ...env, ...extra } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trimEnd().split('\n');
  };
  const [settings, script, ...args] = run({});
  assert.equal(settings, '2|131072');
  assert.equal(script!.replace(/\/bin\/\.\.\//, '/'), join(ROOT, 'dist', 'cli', 'cairn.cjs'));
  assert.deepEqual(args, ['ls', 'with space', '--json']);
  assert.equal(run({ MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '0' })[0], '8|0');
});
