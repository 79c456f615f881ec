// Long crash soak: SIGKILLs `cairn ingest` many times at random moments while it holds the
// store and verifies the store after each kill.
//   node scripts/crash-soak.mjs [rounds=200] [seed=1]   (after npm test's build)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashRounds, finalIngest } from '../dist-test/test/support/crash.js';
import { makeTree } from '../dist-test/test/support/trees.js';

const rounds = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'cairn-soak-'));
const tree = join(dir, 'tree');
makeTree(tree, { files: 80, maxSize: 4_000_000, seed });
const results = await crashRounds(join(dir, 'store'), tree, rounds, seed);
const bad = results.filter((r) => r.problems.length > 0);
const landed = results.filter((r) => r.landed);
console.log(`${rounds} rounds, ${landed.length} kills landed while the ingest held the store (${landed.filter((r) => r.midPack).length} mid-pack), ${bad.length} with problems`);
for (const r of bad) console.log(`after kill at ${r.delayMs} ms: ${r.problems.join('; ')}`);
const code = await finalIngest(join(dir, 'store'), tree);
console.log(`final ingest exit ${code}`);
process.exit(bad.length === 0 && code === 0 ? 0 : 1);
