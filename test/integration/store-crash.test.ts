// Crash safety: an ingest of a real tree is SIGKILLed at seeded random moments; after every
// kill the store opens and verifies, and a final ingest completes. scripts/crash-soak.mjs runs
// the same for many more rounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from 'cairn';
import { crashRounds, finalIngest } from '../support/crash.js';
import { makeTree } from '../support/trees.js';

const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 4242);

test('SIGKILL during ingest never leaves a store that fails to open or verify', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-crash-'));
  const tree = join(dir, 'tree');
  makeTree(tree, { files: 60, maxSize: 3_000_000, seed: SEED });
  const storeDir = join(dir, 'store');
  console.log(`# crash seed ${SEED}`);
  const rounds = await crashRounds(storeDir, tree, 10, SEED, 2500);
  const killed = rounds.filter((r) => !r.exitedBeforeKill).length;
  console.log(`# ${killed} of ${rounds.length} ingests killed mid-way; delays ${rounds.map((r) => r.delayMs).join(', ')} ms`);
  assert.ok(killed >= 5, 'most rounds really interrupted an ingest');
  for (const r of rounds) assert.deepEqual(r.problems, [], `after a kill at ${r.delayMs} ms`);
  assert.equal(await finalIngest(storeDir, tree), 0);
  const store = await openStore(storeDir);
  try {
    const report = await store.verify({ deep: true });
    assert.deepEqual(report.problems, []);
    assert.ok((await store.listNames()).some((n) => n.name === 'crash:final'));
  } finally {
    await store.close();
  }
});
