// Keeps the benchmarks loadable: every group module imports cleanly (cairn by package name,
// its helpers) and exports its runner. The benchmarks themselves run with `npm run bench`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/paths.js';

test('every benchmark group loads and exports its runner', async () => {
  const groups: [string, string][] = [['chunking', 'runChunking'], ['store', 'runStore'], ['images', 'runImages'], ['rootfs', 'runRootfs'], ['report', 'runReport'], ['delta', 'runDelta']];
  for (const [file, runner] of groups) {
    const mod = (await import(pathToFileURL(join(ROOT, 'bench', `${file}.mjs`)).href)) as Record<string, unknown>;
    assert.equal(typeof mod[runner], 'function', `bench/${file}.mjs exports ${runner}`);
  }
  const lib = (await import(pathToFileURL(join(ROOT, 'bench', 'peers.mjs')).href)) as { bestOf: (n: number, f: (i: number) => { seconds: number }) => { seconds: number } };
  const times = [3, 1, 2];
  assert.equal(lib.bestOf(3, (i) => ({ seconds: times[i]! })).seconds, 1);
});
