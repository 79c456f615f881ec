/**
 * A delta pull in bounded memory, against a real docker-registry: the bundle's blobs stream to
 * the store's tmp/ and the bundle is applied from there, instead of being held in memory.
 * Measured as the growth of the peak resident set from a pull of a tiny delta to a pull of a
 * 61 MiB one (16 incompressible files of 4 MB): held in memory, the growth was 138 MiB; streamed,
 * 79-90 MiB, all of it applyBundle's (it rebuilds each file in memory, and the store's
 * compression workers take their share). The limit sits between the two.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

const RSS_HOOK = fileURLToPath(new URL('../support/max-rss.js', import.meta.url));
/** The big version adds this many incompressible files of FILE_BYTES each: the bundle is about their sum. */
const FILES = 16;
const FILE_BYTES = 4_000_000;

let dir: string;
let registry: RunningRegistry;

before(async () => {
  dir = tmp('registry-pull-memory');
  registry = await startRegistry();
});

after(async () => {
  await registry?.stop({ remove: true });
});

function tree(name: string, extra: (root: string) => void): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'base.bin'), seededBytes('memory-base', 2_000_000));
  extra(root);
  return root;
}

function ok(store: string, args: string[]): string {
  const r = cairn(store, args);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `cairn --json pull` under the peak-RSS hook: the result and the peak resident set in MiB. */
function pullMeasured(store: string, ref: string, name: string): { result: { layers: { how: string }[]; bytes: { received: Record<string, number> } }; rssMiB: number } {
  const rssFile = join(dir, `rss-${name.replace(':', '-')}`);
  const run = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, '--store', store, '--json', 'pull', ref, '--name', name], {
    encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, CAIRN_MAX_RSS_FILE: rssFile },
  });
  assert.equal(run.status, 0, run.stderr);
  return { result: JSON.parse(run.stdout) as never, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

test('a delta pull of a 61 MiB bundle does not hold the bundle in memory', async () => {
  const sender = join(dir, 'sender');
  ok(sender, ['ingest', tree('v1', () => undefined), '--name', 'app:1']);
  ok(sender, ['ingest', tree('v2', (root) => writeFileSync(join(root, 'note.txt'), 'a small change\n')), '--name', 'app:2']);
  ok(sender, ['ingest', tree('v3', (root) => {
    for (let i = 0; i < FILES; i++) writeFileSync(join(root, `big${i}.bin`), seededBytes(`memory-big-${i}`, FILE_BYTES));
  }), '--name', 'app:3']);
  ok(sender, ['push', 'app:1', `${registry.host}/demo/mem:1`]);
  for (const v of ['2', '3']) ok(sender, ['push', `app:${v}`, `${registry.host}/demo/mem:${v}`, '--no-chunk-data', '--deltas-from', 'app:1']);
  const receiver = join(dir, 'receiver');
  ok(receiver, ['pull', `${registry.host}/demo/mem:1`, '--name', 'app:1']);
  const small = pullMeasured(receiver, `${registry.host}/demo/mem:2`, 'app:2');
  const big = pullMeasured(receiver, `${registry.host}/demo/mem:3`, 'app:3');
  assert.deepEqual(small.result.layers.map((l) => l.how), ['delta']);
  assert.deepEqual(big.result.layers.map((l) => l.how), ['delta']);
  const bundleMiB = big.result.bytes.received['deltas']! / (1 << 20);
  assert.ok(bundleMiB > 60, `the big bundle is ${bundleMiB.toFixed(1)} MiB`);
  const growth = big.rssMiB - small.rssMiB;
  const limit = bundleMiB * 1.85;
  assert.ok(growth < limit, `peak RSS ${big.rssMiB.toFixed(0)} MiB for a ${bundleMiB.toFixed(0)} MiB bundle against ${small.rssMiB.toFixed(0)} MiB for a tiny one (growth ${growth.toFixed(0)} MiB, limit ${limit.toFixed(0)})`);
  assert.equal(cairn(receiver, ['verify']).status, 0);
});
