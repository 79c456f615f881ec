// Crash safety of ingest: `cairn ingest` of a real tree is SIGKILLed at seeded random moments
// while it holds the store; after every kill the store opens and verifies, and a final ingest
// completes. Only kills that landed while the ingest held the store count, and most rounds
// must be such kills (how many landed mid-pack is printed). scripts/crash-soak.mjs runs the
// same for many more rounds; store-crash-maintenance.test.ts kills gc and repair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from 'cairn';
import { crashRounds, finalIngest } from '../support/crash.js';
import { makeTree } from '../support/trees.js';
import { scratchDir } from '../support/scratch.js';

const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 4242);
const ROUNDS = 10;

test('SIGKILL during ingest never leaves a store that fails to open or verify', { timeout: 600_000 }, async () => {
  const dir = scratchDir('cairn-crash-');
  const tree = join(dir, 'tree');
  makeTree(tree, { files: 60, maxSize: 3_000_000, seed: SEED });
  const storeDir = join(dir, 'store');
  console.log(`# crash seed ${SEED}`);
  const rounds = await crashRounds(storeDir, tree, ROUNDS, SEED);
  const landed = rounds.filter((r) => r.landed);
  console.log(`# ${landed.length} of ${rounds.length} kills landed while the ingest held the store (${landed.filter((r) => r.midPack).length} mid-pack); delays ${rounds.map((r) => r.delayMs).join(', ')} ms`);
  for (const r of rounds) assert.deepEqual(r.problems, [], `after a kill at ${r.delayMs} ms`);
  assert.ok(landed.length >= ROUNDS - 2, `${landed.length} of ${ROUNDS} kills landed while the ingest held the store`);
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
