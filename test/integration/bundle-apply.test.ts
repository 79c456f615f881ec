/**
 * cairn apply's failure and crash behaviour (real CLI processes): it reads the store's chunks
 * unchecked under each layer's DiffID and the delta bases unchecked under the delta's base
 * checksum, so a corrupt chunk in the receiver must still be named as the store's fault; and a
 * kill at any moment leaves a store that verifies, with the new names either absent or whole.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cairn, cairnOk as ok, writeTree as tree, bundleUpgrade } from '../support/cli.js';
import { checkStore } from '../support/crash.js';
import { KillClock, runAndKill } from '../support/crash.js';
import { packHolding } from '../support/damage.js';
import { seededBytes } from '../support/random.js';

const namesOf = (store: string): string[] =>
  (JSON.parse(ok(store, ['--json', 'ls'])) as { images: { names: string[] }[] }).images.flatMap((i) => i.names).sort();

/**
 * v1 and v2 of a tree (files edited in place, one unchanged, one new unless `withNew` is false),
 * a bundle v1 -> v2, and a receiver holding v1. (A new file ships in a chunk section compressed
 * against the base files near it, which apply reads checked.)
 */
function setup(files: number, size: number, withNew = true): { dir: string; receiver: string; bundle: string; v1: Record<string, Buffer> } {
  const v1: Record<string, Buffer> = { 'same.bin': seededBytes('same', size) };
  const v2: Record<string, Buffer> = { 'same.bin': v1['same.bin']!, ...(withNew ? { 'new.bin': seededBytes('new', size) } : {}) };
  for (let i = 0; i < files; i++) {
    const old = seededBytes(`file-${i}`, size);
    const edited = Buffer.concat([old.subarray(0, size / 2), Buffer.from(`edit ${i}`), old.subarray(size / 2 + 7)]);
    v1[`f${i}.bin`] = old;
    v2[`f${i}.bin`] = edited;
  }
  const { dir, receiver, bundle } = bundleUpgrade('apply', v1, v2, 'up.tar');
  return { dir, receiver, bundle, v1 };
}

test('a corrupt chunk in the receiver is named, whether an unchanged file of a layer or a delta base holds it (exit 4, one line, no new names)', () => {
  const { dir, receiver, bundle, v1 } = setup(2, 300_000, false);
  for (const [file, pattern] of [
    ['same.bin', /chunk sha256:[0-9a-f]{64} in pack [0-9a-f]+ is corrupt/],
    ['f1.bin', /file sha256:[0-9a-f]{64} \(a delta base\) is corrupt/],
  ] as const) {
    const store = join(dir, `damaged-${file}`);
    cpSync(receiver, store, { recursive: true });
    // Random content is stored raw: flip a byte of it where it lies in its pack.
    const { path, at } = packHolding(store, v1[file]!.subarray(200_000, 200_064));
    const pack = readFileSync(path);
    pack[at + 10] ^= 0x01;
    writeFileSync(path, pack);
    const r = cairn(store, ['apply', bundle]);
    assert.equal(r.status, 4, `${file}: ${r.stderr}`);
    assert.match(r.stderr, pattern, file);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.deepEqual(namesOf(store), ['app:v1'], file);
  }
  ok(receiver, ['apply', bundle]);
  assert.deepEqual(namesOf(receiver), ['app:v1', 'app:v2']);
});

test('SIGKILL during apply: the store verifies, the new name is absent or its layers export byte-exact, its spool goes at the next open (none in the system tmp), and apply then completes', { timeout: 900_000 }, async () => {
  const { dir, receiver, bundle } = setup(6, 1_500_000);
  // A full run, for how long apply holds the store.
  const full = join(dir, 'full');
  cpSync(receiver, full, { recursive: true });
  const first = await runAndKill(full, ['apply', bundle]);
  assert.equal(first.code, 0, first.stderr);
  const clock = new KillClock(Number(process.env['CAIRN_TEST_SEED'] ?? 4242), first.heldMs, 0.9);
  const rounds = 8;
  let landed = 0;
  // The system's temporary directory as apply sees it: a killed apply must leave nothing there.
  const systemTmp = join(dir, 'system-tmp');
  mkdirSync(systemTmp);
  for (let round = 0; round < rounds; round++) {
    const store = join(dir, `round-${round}`);
    cpSync(receiver, store, { recursive: true });
    const delay = clock.next();
    const outcome = await runAndKill(store, ['apply', bundle], delay, { ...process.env, TMPDIR: systemTmp });
    if (outcome.landed) landed++;
    else clock.endedFirst(outcome.heldMs);
    assert.deepEqual(readdirSync(systemTmp), [], `the system tmp after a kill at ${delay} ms`);
    const check = checkStore(store);
    assert.deepEqual(check.problems, [], `after a kill at ${delay} ms`);
    assert.deepEqual(readdirSync(join(store, 'tmp')), [], `the store's tmp/ after a kill at ${delay} ms and an open`);
    const names = namesOf(store);
    assert.ok(names.join() === 'app:v1' || names.join() === 'app:v1,app:v2', `names after a kill at ${delay} ms: ${names.join()}`);
    ok(store, ['apply', bundle]);
    assert.deepEqual(namesOf(store), ['app:v1', 'app:v2']);
    assert.deepEqual(checkStore(store).problems, []);
  }
  console.log(`# ${landed} of ${rounds} kills landed while apply held the store`);
  assert.ok(landed >= rounds / 2, `${landed} of ${rounds} kills landed while apply held the store`);
});
