// export rootfs on a damaged store: the file data goes from the packs to the writer thread
// unchecked chunk by chunk (src/rootfs/recipe-feed.ts), so the layer's DiffID is what catches a
// damaged chunk. The export must fail with CAIRN_CORRUPT (exit status 4) naming the layer, and
// leave no directory behind, with the writer thread and without it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptDataError, exportRootfs, openStore } from 'cairn';
import { cli, copyStore, makeFixture, packHolding, type Fixture } from '../support/damage.js';

const fixture: Fixture = makeFixture(29);
after(() => rmSync(fixture.dir, { recursive: true, force: true }));
const bySize = [...fixture.files].sort((a, b) => statSync(a).size - statSync(b).size);
const largest = bySize[bySize.length - 1]!;
const small = bySize.find((f) => statSync(f).size > 64 && statSync(f).size < 16384);

/** A copy of the store with one byte flipped inside `file`'s stored data. */
function damaged(file: string): string {
  const store = copyStore(fixture);
  const content = readFileSync(file);
  const { path, at } = packHolding(store, content.subarray(0, 64));
  const pack = readFileSync(path);
  const where = at + Math.floor(Math.min(content.length, 4096) / 2);
  pack[where]! ^= 0xff;
  writeFileSync(path, pack);
  return store;
}

test('the pristine store exports (the fixture is sound)', () => {
  const out = join(fixture.dir, 'pristine-out');
  const run = cli(fixture.store, ['export', 'rootfs', 'app:v1', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readFileSync(join(out, largest.slice(join(fixture.dir, 'tree').length))), readFileSync(largest));
});

for (const [label, file] of [['a large file', largest], ['a small file', small]] as const) {
  test(`export rootfs fails with CAIRN_CORRUPT on a damaged chunk of ${label} and leaves nothing`, async () => {
    assert.ok(file, `the fixture has ${label}`);
    const store = damaged(file);
    const out = join(fixture.dir, `out-${label.replace(/\W/g, '-')}`);
    const run = cli(store, ['export', 'rootfs', 'app:v1', out]);
    assert.equal(run.status, 4, `exit status (stderr: ${run.stderr})`);
    assert.match(run.stderr, new RegExp(fixture.diffId.slice(0, 20)));
    assert.equal(existsSync(out), false, 'the target is removed');

    const inline = join(fixture.dir, `inline-${label.replace(/\W/g, '-')}`);
    const library = await openStore(store);
    try {
      await assert.rejects(exportRootfs(library, 'app:v1', inline, { writerThread: false }), (error) => error instanceof CorruptDataError);
    } finally {
      await library.close();
    }
    assert.equal(existsSync(inline), false, 'the target is removed (no writer thread)');
  });
}

// The writer thread reads each chunk from its pack itself (the 'chunk-at' operation): a record
// whose header does not match the index, and a pack that is gone, fail there, named.
test('export rootfs fails with CAIRN_CORRUPT naming the pack when a chunk record header does not match the index', () => {
  const store = copyStore(fixture);
  const { id, path, at } = packHolding(store, readFileSync(largest).subarray(0, 64));
  const pack = readFileSync(path);
  pack[at - 44 + 12]! ^= 0xff; // the record's digest field (the header is 44 bytes before its payload)
  writeFileSync(path, pack);
  const out = join(fixture.dir, 'out-header');
  const run = cli(store, ['export', 'rootfs', 'app:v1', out]);
  assert.equal(run.status, 4, `exit status (stderr: ${run.stderr})`);
  assert.match(run.stderr, new RegExp(`pack ${id}: record header at offset ${at - 44} does not match the index`));
  assert.equal(existsSync(out), false, 'the target is removed');
});

test('export rootfs fails with CAIRN_CORRUPT naming the pack when a pack file is gone', () => {
  const store = copyStore(fixture);
  const { id, path } = packHolding(store, readFileSync(largest).subarray(0, 64));
  rmSync(path);
  const out = join(fixture.dir, 'out-gone');
  const run = cli(store, ['export', 'rootfs', 'app:v1', out]);
  assert.equal(run.status, 4, `exit status (stderr: ${run.stderr})`);
  assert.match(run.stderr, new RegExp(`pack ${id} is missing`));
  assert.equal(existsSync(out), false, 'the target is removed');
});
