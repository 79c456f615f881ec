// CLI start (issue 12 target 7): a read-only command loads only what it needs. `cairn ls` on a
// store whose listing cache is fresh loads no package at all (not even commander or LevelDB);
// without the cache it opens the index (LevelDB) but must not load zstd-napi (no record is
// decompressed), cli-progress (no bar is drawn) or start a worker thread; `cairn --version`
// loads no package at all, and `cairn --help` none but commander. Checked with a preload that prints, at exit, the CommonJS modules the process
// loaded (native addons and npm packages are CommonJS, so they all show up there) and the
// worker threads it started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliUnderPreload } from '../support/cli.js';
import { CLI, CLI_MODULE } from '../support/paths.js';
import { scratchDir } from '../support/scratch.js';

const HOOK = `
const threads = require('node:worker_threads');
const started = [];
threads.Worker = class extends threads.Worker {
  constructor(...args) { super(...args); started.push(1); }
};
require('node:module').syncBuiltinESMExports();
process.on('exit', () => {
  const loaded = Object.keys(require.cache).map((p) => p.replace(/\\\\/g, '/'));
  const packages = [...new Set(loaded.map((p) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(p)?.[1]).filter(Boolean))].sort();
  process.stderr.write('\\nLOADED ' + JSON.stringify({ packages, workers: started.length }) + '\\n');
});
`;

function loadedBy(hook: string, args: string[], cli = CLI): { packages: string[]; workers: number; stdout: string } {
  const { report, stdout } = cliUnderPreload<{ packages: string[]; workers: number }>(hook, 'LOADED', args, cli);
  return { ...report, stdout };
}

test('cairn ls loads no package from a fresh listing, LevelDB but not zstd, cli-progress or a worker without; --version loads none', () => {
  const work = scratchDir('cairn-start-');
  try {
    const hook = join(work, 'hook.cjs');
    writeFileSync(hook, HOOK);
    mkdirSync(join(work, 'tree'));
    writeFileSync(join(work, 'tree', 'hello.txt'), 'hello, some text that zstd compresses: hello hello hello hello hello\n'.repeat(50));
    const store = join(work, 'store');
    // The ingest itself compresses: the preload must see zstd and a worker there, or it proves nothing.
    const ingest = loadedBy(hook, ['--store', store, '--quiet', 'ingest', join(work, 'tree'), '--name', 'small:1']);
    assert.ok(ingest.packages.includes('zstd-napi'), `ingest loaded ${ingest.packages.join(', ')}`);

    // The ingest's close wrote the listing cache: ls reads it, and loads nothing.
    const fresh = loadedBy(hook, ['--store', store, 'ls']);
    assert.match(fresh.stdout, /small:1/);
    assert.deepEqual(fresh.packages, []);
    assert.equal(fresh.workers, 0, 'ls started a worker thread');

    rmSync(join(store, 'listing.json'));
    const ls = loadedBy(hook, ['--store', store, 'ls']);
    assert.equal(ls.stdout, fresh.stdout);
    assert.ok(ls.packages.includes('classic-level'), `ls loaded ${ls.packages.join(', ')}`);
    assert.ok(!ls.packages.includes('zstd-napi'), `ls loaded zstd-napi: ${ls.packages.join(', ')}`);
    assert.ok(!ls.packages.includes('cli-progress'), `ls loaded cli-progress: ${ls.packages.join(', ')}`);
    assert.equal(ls.workers, 0, 'ls started a worker thread');

    // --version is answered before anything loads: no package at all, not even commander.
    const version = loadedBy(hook, ['--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.deepEqual(version.packages, []);
    // The full help registers every command without loading the library behind them.
    const help = loadedBy(hook, ['--help']);
    assert.match(help.stdout, /relayer/);
    assert.deepEqual(help.packages, ['commander']);
    // The ES module entry runs the same command.
    const viaModule = loadedBy(hook, ['--version'], CLI_MODULE);
    assert.equal(viaModule.stdout, version.stdout);
    assert.deepEqual(viaModule.packages, []);
    assert.match(loadedBy(hook, ['--store', store, 'ls'], CLI_MODULE).stdout, /small:1/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
