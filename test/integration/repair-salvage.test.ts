// repair on a pack damaged in its header, its trailer, one record, or cut in half: every record
// that still checks out is saved into new packs, the damaged pack goes to STORE/quarantine/,
// verify passes afterwards, and the report names exactly what was lost and which names lack
// content; ingesting the same content again heals the store (the layer exports byte-exact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from 'cairn';
import { cli, copyStore, exportLayer, fileDigest, makeFixture, packHolding, type Fixture } from '../support/damage.js';

const fixture: Fixture = makeFixture(11);
const largest = fixture.files.reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b));
const prefixed = (d: string) => (d.startsWith('sha256:') ? d : `sha256:${d}`);

interface Lost { objects: { kind: string; digest: string; pack?: string }[]; names: string[]; images: string[]; layers: string[]; files: string[] }

/** Damages the pack holding the start of the largest file; returns the pack id. */
function damage(store: string, how: (path: string, at: number) => void): string {
  const { id, path, at } = packHolding(store, readFileSync(largest).subarray(0, 64));
  how(path, at);
  return id;
}

function repairJson(store: string) {
  const run = cli(store, ['--json', 'repair']);
  return { status: run.status, stderr: run.stderr, report: JSON.parse(run.stdout) as { damagedPacks: string[]; quarantined: string[]; salvagedRecords: number; lost: Lost } };
}

function assertQuarantined(store: string, id: string, report: { quarantined: string[] }) {
  assert.deepEqual(report.quarantined, [join(store, 'quarantine', `${id}.pack`)]);
  assert.ok(existsSync(join(store, 'quarantine', `${id}.pack`)), 'the damaged pack is kept aside');
  assert.ok(!existsSync(join(store, 'packs', id.slice(0, 2), `${id}.pack`)), 'and is no longer among the packs');
}

function assertExportsByteExact(store: string) {
  const out = join(fixture.dir, `out-${Math.random().toString(36).slice(2)}.tar`);
  const run = exportLayer(store, fixture, out);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(readFileSync(out).equals(readFileSync(fixture.tar)), 'the layer exports byte for byte');
}

for (const [what, how] of [
  ['header', (path: string) => { const b = readFileSync(path); b.write('XXXXXXXX', 0, 'latin1'); writeFileSync(path, b); }],
  ['trailer', (path: string) => { const b = readFileSync(path); b.fill(0x5a, b.length - 24); writeFileSync(path, b); }],
] as const) {
  test(`a damaged ${what}: repair saves every record, quarantines the pack, nothing is lost`, () => {
    const store = copyStore(fixture);
    const id = damage(store, how);
    assert.equal(cli(store, ['verify']).status, 4, 'verify sees the damage');
    const { status, stderr, report } = repairJson(store);
    assert.equal(status, 0, stderr);
    assert.deepEqual(report.damagedPacks, [id]);
    assert.ok(report.salvagedRecords > 0);
    assert.deepEqual(report.lost, { objects: [], names: [], images: [], layers: [], files: [] });
    assertQuarantined(store, id, report);
    const verify = cli(store, ['verify', '--deep']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(cli(store, ['ls']).stdout, /app:v1/);
    assertExportsByteExact(store);
    const text = cli(copyStore(fixture), ['repair']);
    assert.equal(text.status, 0);
  });
}

test('one damaged record: repair names the chunk, the file, the layer and the name; re-ingest heals', async () => {
  const store = copyStore(fixture);
  const opened = await openStore(store);
  const chunk = prefixed((await opened.getFileRecipe(fileDigest(largest))).chunks[0]!.digest);
  await opened.close();
  const id = damage(store, (path, at) => {
    const b = readFileSync(path);
    b[at + 10]! ^= 0x01;
    writeFileSync(path, b);
  });
  const { status, report } = repairJson(store);
  assert.equal(status, 4, 'repair exits 4 when content was lost');
  assert.deepEqual(report.damagedPacks, [id]);
  assert.deepEqual(report.lost.objects, [{ kind: 'chunk', digest: chunk, pack: id }]);
  assert.deepEqual(report.lost.names, ['app:v1']);
  assert.deepEqual(report.lost.layers, [fixture.diffId]);
  assert.deepEqual(report.lost.files, [fileDigest(largest)]);
  assert.equal(report.lost.images.length, 1);
  assertQuarantined(store, id, report);
  const verify = cli(store, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stderr);
  // The same damage, reported as text.
  const other = copyStore(fixture);
  damage(other, (path, at) => {
    const b = readFileSync(path);
    b[at + 10]! ^= 0x01;
    writeFileSync(path, b);
  });
  const text = cli(other, ['repair']);
  assert.equal(text.status, 4);
  assert.match(text.stdout, new RegExp(`chunk ${chunk}`));
  assert.match(text.stdout, /names removed or lost[^\n]*\n {2}app:v1\n/);
  // Heal: ingest the same content again.
  const again = cli(store, ['ingest', fixture.tar, '--name', 'app:v1']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(cli(store, ['verify', '--deep']).status, 0);
  assertExportsByteExact(store);
});

test('a pack cut in half: repair keeps the first half, names what the second held; re-ingest heals', () => {
  const store = copyStore(fixture);
  const id = damage(store, (path) => truncateSync(path, Math.floor(statSync(path).size / 2)));
  const { status, report } = repairJson(store);
  assert.equal(status, 4);
  assert.deepEqual(report.damagedPacks, [id]);
  assert.ok(report.salvagedRecords > 0, 'the first half is saved');
  assert.ok(report.lost.objects.length > 0);
  for (const o of report.lost.objects) assert.equal(o.pack, id, `${o.kind} ${o.digest} was in the cut pack`);
  assert.deepEqual(report.lost.names, ['app:v1']);
  assertQuarantined(store, id, report);
  const verify = cli(store, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stderr);
  assert.equal(cli(store, ['ingest', fixture.tar, '--name', 'app:v1']).status, 0);
  assert.equal(cli(store, ['verify', '--deep']).status, 0);
  assertExportsByteExact(store);
});
