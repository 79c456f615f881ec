// A deleted pack is not dropped from the index on open: verify names the pack, what it held and
// the names that lack content (exit 4), export of the affected layer exits 4 naming the pack,
// gc refuses, and repair drops the lost entries and reports them. Only packs gc marked as being
// deleted (a gc interrupted between deleting packs and updating the index) are dropped silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { cli, copyStore, exportLayer, makeFixture, packHolding, packsOf, type Fixture } from '../support/damage.js';

const fixture: Fixture = makeFixture(13);
const largest = fixture.files.reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b));

test('a deleted pack: verify names it and what it held, export exits 4 naming it, repair reports the loss', () => {
  const store = copyStore(fixture);
  const { id, path } = packHolding(store, readFileSync(largest).subarray(0, 64));
  rmSync(path);
  assert.match(cli(store, ['ls']).stdout, /app:v1/, 'the image is still listed');
  const verify = cli(store, ['--json', 'verify']);
  assert.equal(verify.status, 4);
  const problems = JSON.parse(verify.stdout).problems as { code: string; message: string; pack?: string }[];
  const missing = problems.find((p) => p.code === 'pack-missing');
  assert.ok(missing, verify.stdout);
  assert.equal(missing.pack, id);
  assert.match(missing.message, new RegExp(`pack ${id} is missing; it held \\d+ chunks?.*; names lacking content: app:v1`));
  const text = cli(store, ['verify']);
  assert.equal(text.status, 4);
  assert.match(text.stderr.split('\n')[0]!, new RegExp(`^cairn: pack ${id} is missing`));

  const exported = exportLayer(store, fixture, join(store, 'x.tar'));
  assert.equal(exported.status, 4, exported.stderr);
  assert.match(exported.stderr, new RegExp(`pack ${id}`));
  const gc = cli(store, ['gc']);
  assert.equal(gc.status, 4, gc.stderr);
  assert.match(gc.stderr, new RegExp(`pack ${id} is missing; run cairn repair`));

  const repair = cli(store, ['--json', 'repair']);
  assert.equal(repair.status, 4, repair.stderr);
  const report = JSON.parse(repair.stdout);
  assert.deepEqual(report.missingPacks, [id]);
  assert.deepEqual(report.lost.names, ['app:v1']);
  assert.deepEqual(report.lost.layers, [fixture.diffId]);
  assert.ok(report.lost.objects.length > 0);
  assert.ok(report.lost.objects.some((o: { kind: string }) => o.kind === 'chunk'));
  for (const o of report.lost.objects) assert.equal(o.pack, id);
  const after = cli(store, ['verify', '--deep']);
  assert.equal(after.status, 0, after.stderr);
  // Healed by ingesting the same content again.
  assert.equal(cli(store, ['ingest', fixture.tar, '--name', 'app:v1']).status, 0);
  assert.equal(cli(store, ['verify', '--deep']).status, 0);
  const out = join(store, 'healed.tar');
  assert.equal(exportLayer(store, fixture, out).status, 0);
  assert.ok(readFileSync(out).equals(readFileSync(fixture.tar)));
});

test('only a pack gc marked as being deleted is dropped silently when it is gone', async () => {
  // Make every pack garbage: gc would delete them all.
  for (const marked of [true, false]) {
    const store = copyStore(fixture);
    assert.equal(cli(store, ['rm', 'app:v1']).status, 0);
    const [id, path] = [...packsOf(store)][0]!;
    if (marked) {
      // What gc writes (keys.ts: g:<pack>) before it deletes a pack.
      const db = new Level<string, string>(join(store, 'index'));
      await db.put(`g:${id}`, '');
      await db.close();
    }
    rmSync(path);
    const verify = cli(store, ['verify']);
    if (marked) assert.equal(verify.status, 0, verify.stderr);
    else {
      assert.equal(verify.status, 4);
      assert.match(verify.stderr, new RegExp(`pack ${id} is missing`));
    }
  }
});
