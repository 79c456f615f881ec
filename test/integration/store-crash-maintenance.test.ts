// Crash safety of gc and repair: each is SIGKILLed at seeded random moments while it holds a
// store that gives it work (gc: an image removed whose packs it must delete or rewrite;
// repair: the index deleted). Every round starts from a fresh copy of that store. After every
// kill the store opens, `cairn verify` exits 0, the names are exactly those before, and every
// layer of every named image exports byte-exact (sha256 = DiffID); then the command runs to its
// end and the store checks out again. Only kills that landed while the command held the store
// count, and most rounds must be such kills.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KillClock, checkStore, runAndKill } from '../support/crash.js';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { makeTree } from '../support/trees.js';
import { scratchDir } from '../support/scratch.js';

const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 4242);
const ROUNDS = 6;

function cli(storeDir: string, args: string[]) {
  const result = spawnSync(process.execPath, [CLI, '--store', storeDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(result.status, 0, `cairn ${args.join(' ')}: ${result.stderr}`);
  return result;
}

function packBytes(storeDir: string): number {
  let total = 0;
  for (const sub of readdirSync(join(storeDir, 'packs'))) for (const f of readdirSync(join(storeDir, 'packs', sub))) total += statSync(join(storeDir, 'packs', sub, f)).size;
  return total;
}

/**
 * A store with garbage spread through its packs: `old` (40 files) is ingested, then `new`
 * (every other file of old plus 10 files of its own) and `other`; then `old` is removed. The
 * packs of old hold live and dead records alike, so gc must rewrite them, not only delete.
 */
function storeWithGarbage(dir: string): { storeDir: string; names: string[] } {
  const old = join(dir, 'old');
  makeTree(old, { files: 40, maxSize: 1_000_000, seed: SEED });
  const fresh = join(dir, 'new');
  cpSync(old, fresh, { recursive: true });
  let i = 0;
  for (const sub of readdirSync(fresh, { recursive: true }).map(String).sort()) {
    const path = join(fresh, sub);
    if (statSync(path).isFile() && i++ % 2 === 0) rmSync(path);
  }
  for (let k = 0; k < 10; k++) writeFileSync(join(fresh, `added-${k}.bin`), seededBytes(`crash-gc-${SEED}-${k}`, 300_000 + k * 50_000));
  const other = join(dir, 'other');
  makeTree(other, { files: 8, maxSize: 500_000, seed: SEED + 1 });
  const storeDir = join(dir, 'template');
  cli(storeDir, ['--quiet', 'ingest', old, '--name', 'old:1', '--pack-size', '1M']);
  cli(storeDir, ['--quiet', 'ingest', fresh, '--name', 'new:1', '--pack-size', '1M']);
  cli(storeDir, ['--quiet', 'ingest', other, '--name', 'other:1', '--pack-size', '1M']);
  cli(storeDir, ['rm', 'old:1']);
  return { storeDir, names: ['new:1', 'other:1'] };
}

interface Rounds {
  landed: number;
  delays: number[];
}

/**
 * Kills `cairn ARGS` once per round on a fresh copy of `template`, checks the store after the
 * kill and after the command, run again, completes; `afterComplete` adds checks of its own.
 */
async function killRounds(template: string, names: string[], args: string[], work: string, afterComplete: (storeDir: string) => void): Promise<Rounds> {
  // How long the command holds the store: the shorter of two uninterrupted runs.
  let heldMs = Infinity;
  for (const run of [1, 2]) {
    const timing = join(work, `timing-${run}`);
    cpSync(template, timing, { recursive: true });
    const full = await runAndKill(timing, args);
    assert.equal(full.code, 0, `an uninterrupted ${args.join(' ')}: ${full.stderr}`);
    heldMs = Math.min(heldMs, full.heldMs);
    rmSync(timing, { recursive: true, force: true });
  }
  const clock = new KillClock(SEED, heldMs);
  console.log(`# ${args.join(' ')} holds the store for ${heldMs} ms`);
  let landed = 0;
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const storeDir = join(work, `round-${round}`);
    cpSync(template, storeDir, { recursive: true });
    const delayMs = clock.next();
    delays.push(delayMs);
    const outcome = await runAndKill(storeDir, args, delayMs);
    if (outcome.landed) landed++;
    else {
      assert.equal(outcome.code, 0, `${args.join(' ')} that was not killed: ${outcome.stderr}`);
      clock.endedFirst(outcome.heldMs);
    }
    console.log(`# round ${round}: ${outcome.landed ? `killed at ${delayMs} ms${outcome.midPack ? ' (mid-pack)' : ''}` : `ended before the kill at ${delayMs} ms`}`);
    const what = `round ${round}: ${args.join(' ')} killed ${outcome.landed ? `at ${delayMs} ms${outcome.midPack ? ', mid-pack' : ''}` : 'after it ended'}`;
    const afterKill = checkStore(storeDir);
    assert.deepEqual(afterKill.problems, [], what);
    assert.deepEqual(afterKill.names, names, `${what}: the names`);
    cli(storeDir, args);
    const afterRun = checkStore(storeDir, { exports: false });
    assert.deepEqual(afterRun.problems, [], `${what}, then run to its end`);
    assert.deepEqual(afterRun.names, names, `${what}, then run to its end: the names`);
    afterComplete(storeDir);
    rmSync(storeDir, { recursive: true, force: true });
  }
  return { landed, delays };
}

test('SIGKILL during gc: the store opens, verifies and exports every named image after every kill', { timeout: 900_000 }, async () => {
  const dir = scratchDir('cairn-crash-gc-');
  try {
    const { storeDir, names } = storeWithGarbage(dir);
    // What one clean gc leaves: a crashed gc followed by a complete one must reclaim as much.
    const clean = join(dir, 'clean');
    cpSync(storeDir, clean, { recursive: true });
    cli(clean, ['gc']);
    const cleanBytes = packBytes(clean);
    const before = packBytes(storeDir);
    assert.ok(cleanBytes < before * 0.8, `gc has work: ${before} → ${cleanBytes} bytes`);
    console.log(`# gc crash seed ${SEED}; packs ${before} bytes, ${cleanBytes} after a clean gc`);
    const { landed, delays } = await killRounds(storeDir, names, ['gc'], dir, (round) => {
      const after = packBytes(round);
      assert.ok(after <= cleanBytes * 1.05, `a gc after a crashed one reclaims as much as a clean one: ${after} vs ${cleanBytes} bytes`);
    });
    console.log(`# ${landed} of ${ROUNDS} gc kills landed while it held the store; delays ${delays.join(', ')} ms`);
    assert.ok(landed >= ROUNDS - 2, `${landed} of ${ROUNDS} kills landed while gc held the store`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGKILL during repair: the store opens, verifies and exports every named image after every kill', { timeout: 900_000 }, async () => {
  const dir = scratchDir('cairn-crash-repair-');
  try {
    const { storeDir, names } = storeWithGarbage(dir);
    const expected = cli(storeDir, ['--json', 'ls']).stdout;
    rmSync(join(storeDir, 'index'), { recursive: true });
    console.log(`# repair crash seed ${SEED}; packs ${packBytes(storeDir)} bytes, index deleted`);
    const { landed, delays } = await killRounds(storeDir, names, ['repair'], dir, (round) => {
      assert.deepEqual(JSON.parse(cli(round, ['--json', 'ls']).stdout), JSON.parse(expected), 'after repair the store lists what it listed before the index was lost');
    });
    console.log(`# ${landed} of ${ROUNDS} repair kills landed while it held the store; delays ${delays.join(', ')} ms`);
    assert.ok(landed >= ROUNDS - 2, `${landed} of ${ROUNDS} kills landed while repair held the store`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
