/**
 * A delta pull in bounded memory, against a real docker-registry: the bundle's blobs stream to
 * the store's tmp/ and the bundle is applied from there, instead of being held in memory.
 * Measured as the growth of the peak resident set between pulls of two bundles, one of 16
 * incompressible files of 4 MB (61 MiB) and one of 48 (183 MiB): memory that held the bundle
 * would grow by the 122 MiB between them; streamed, what grows is apply's working set (a few
 * files being rebuilt, the compression workers), which should not depend on the bundle's size.
 * A pull of a tiny delta is the floor both are compared with. What the test can tell is a held
 * bundle (at least one MiB more per MiB of bundle, and more as copies) from what apply's
 * working set does, and no finer: locally the bigger bundle costs 0.3 MiB more per MiB (the
 * peak itself moves by up to 40 MiB from run to run), with `cairn apply` on bundles of 16 to 256
 * MB the peak levels off at 205-245 MiB; but in CI's clean-clone runs, the suite at concurrency
 * 2, the growth was 0.67 and 0.74 MiB per MiB (41 MiB for a 61 MiB gap, 90 for 122), not yet
 * explained. The bound is therefore one MiB per MiB of the gap.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { cairn, tmp, cairnOk as ok } from '../support/cli.js';
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

/** `cairn --json pull` under the peak-RSS hook: the result and the peak resident set in MiB. */
function pullMeasured(store: string, ref: string, name: string): { result: { layers: { how: string }[]; bytes: { received: Record<string, number> } }; rssMiB: number } {
  const rssFile = join(dir, `rss-${name.replace(':', '-')}`);
  const run = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, '--store', store, '--json', 'pull', ref, '--name', name], {
    encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, CAIRN_MAX_RSS_FILE: rssFile },
  });
  assert.equal(run.status, 0, run.stderr);
  return { result: JSON.parse(run.stdout) as never, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

test('a delta pull does not hold the bundle in memory: three times the bundle, the same peak', { timeout: 600_000 }, async () => {
  const sender = join(dir, 'sender');
  const big = (files: number) => (root: string) => {
    for (let i = 0; i < files; i++) writeFileSync(join(root, `big${i}.bin`), seededBytes(`memory-big-${i}`, FILE_BYTES));
  };
  ok(sender, ['ingest', tree('v1', () => undefined), '--name', 'app:1']);
  ok(sender, ['ingest', tree('v2', (root) => writeFileSync(join(root, 'note.txt'), 'a small change\n')), '--name', 'app:2']);
  ok(sender, ['ingest', tree('v3', big(FILES)), '--name', 'app:3']);
  ok(sender, ['ingest', tree('v4', big(3 * FILES)), '--name', 'app:4']);
  ok(sender, ['push', 'app:1', `${registry.host}/demo/mem:1`]);
  for (const v of ['2', '3', '4']) ok(sender, ['push', `app:${v}`, `${registry.host}/demo/mem:${v}`, '--no-chunk-data', '--deltas-from', 'app:1']);
  const receiver = join(dir, 'receiver');
  ok(receiver, ['pull', `${registry.host}/demo/mem:1`, '--name', 'app:1']);
  const small = pullMeasured(receiver, `${registry.host}/demo/mem:2`, 'app:2');
  const one = pullMeasured(receiver, `${registry.host}/demo/mem:3`, 'app:3');
  const two = pullMeasured(receiver, `${registry.host}/demo/mem:4`, 'app:4');
  for (const pulled of [small, one, two]) assert.deepEqual(pulled.result.layers.map((l) => l.how), ['delta']);
  const mib = (p: typeof one) => p.result.bytes.received['deltas']! / (1 << 20);
  assert.ok(mib(one) > 60 && mib(two) > 180, `the bundles are ${mib(one).toFixed(1)} and ${mib(two).toFixed(1)} MiB`);
  const extra = two.rssMiB - one.rssMiB;
  const report = `peak RSS ${small.rssMiB.toFixed(0)} / ${one.rssMiB.toFixed(0)} / ${two.rssMiB.toFixed(0)} MiB for bundles of ${mib(small).toFixed(2)} / ${mib(one).toFixed(0)} / ${mib(two).toFixed(0)} MiB`;
  // Held in memory, the second bundle's extra 122 MiB would show in full (and more, as copies).
  assert.ok(extra < mib(two) - mib(one), `${report}: the bigger bundle cost ${extra.toFixed(0)} MiB more`);
  console.log(`# ${report}`);
  assert.ok(two.rssMiB - small.rssMiB < 300, `${report}: apply's working set stays under 300 MiB`);
  assert.equal(cairn(receiver, ['verify']).status, 0);
});
