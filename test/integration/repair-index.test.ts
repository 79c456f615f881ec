// LevelDB damage in STORE/index (real LevelDB files, damaged after the store is closed): verify
// exits 4 naming the index in one line, other read commands exit 4 naming the index and
// suggesting cairn repair, and repair rebuilds the index from the packs whatever state the
// index directory is in; afterwards verify passes and the layer exports byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, copyStore, exportLayer, makeFixture, type Fixture } from '../support/damage.js';

const fixture: Fixture = makeFixture(12);
// One more open compacts the index's log into a table file (.ldb), so that there is one to damage
// (`ls layers`: a plain `ls` answers from the listing cache without opening the store).
assert.equal(cli(fixture.store, ['ls', 'layers']).status, 0);

const tableOf = (store: string): string => {
  const tables = readdirSync(join(store, 'index')).filter((f) => f.endsWith('.ldb'));
  assert.ok(tables.length > 0, 'the index has a table file');
  return join(store, 'index', tables[0]!);
};
const manifestOf = (store: string): string => join(store, 'index', readdirSync(join(store, 'index')).find((f) => f.startsWith('MANIFEST-'))!);

const damages: [string, (store: string) => void, { readsFail: boolean }][] = [
  ['a truncated .ldb', (s) => truncateSync(tableOf(s), Math.floor(statSync(tableOf(s)).size / 2)), { readsFail: true }],
  ['an emptied .ldb', (s) => truncateSync(tableOf(s), 0), { readsFail: true }],
  ['a deleted .ldb', (s) => rmSync(tableOf(s)), { readsFail: true }],
  ['a corrupted .ldb', (s) => {
    const path = tableOf(s);
    const b = readFileSync(path);
    b.fill(0xa5, Math.floor(b.length / 3), Math.floor(b.length / 3) + 256);
    writeFileSync(path, b);
  }, { readsFail: false }],
  ['a damaged MANIFEST', (s) => {
    const b = readFileSync(manifestOf(s));
    b[20]! ^= 0xff;
    writeFileSync(manifestOf(s), b);
  }, { readsFail: true }],
  ['a deleted MANIFEST', (s) => rmSync(manifestOf(s)), { readsFail: true }],
  ['a garbage CURRENT', (s) => writeFileSync(join(s, 'index', 'CURRENT'), 'garbage\n'), { readsFail: true }],
  ['an empty CURRENT', (s) => writeFileSync(join(s, 'index', 'CURRENT'), ''), { readsFail: true }],
];

function assertRepaired(store: string) {
  const repair = cli(store, ['repair']);
  assert.equal(repair.status, 0, repair.stderr);
  assert.match(repair.stdout, /nothing was lost/);
  const verify = cli(store, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(cli(store, ['ls']).stdout, /app:v1/);
  const out = join(store, 'layer.tar');
  const exported = exportLayer(store, fixture, out);
  assert.equal(exported.status, 0, exported.stderr);
  assert.ok(readFileSync(out).equals(readFileSync(fixture.tar)));
}

for (const [what, damage, { readsFail }] of damages) {
  test(`${what}: verify and reads exit 4 naming the index; repair rebuilds it`, () => {
    const store = copyStore(fixture);
    damage(store);
    const verify = cli(store, ['verify']);
    assert.equal(verify.status, 4, verify.stderr);
    const first = verify.stderr.split('\n')[0]!;
    assert.match(first, new RegExp(`^cairn: the index at ${join(store, 'index')} is damaged \\(.+\\); run cairn repair`));
    assert.doesNotMatch(verify.stderr, /\n\s+at /, 'no stack trace');
    if (readsFail) {
      assert.equal(verify.stderr.trim().split('\n').length, 1, 'one line');
      for (const args of [['ls'], ['export', 'layer', fixture.diffId, '-o', join(store, 'x.tar')]]) {
        const run = cli(store, args);
        assert.equal(run.status, 4, `${args[0]}: ${run.stderr}`);
        assert.match(run.stderr, /^cairn: the index at .* is damaged \(.+\); run cairn repair to rebuild it from the packs\n$/);
      }
    }
    assertRepaired(store);
  });
}

test('a missing index directory: reads rebuild it from the packs; repair too', () => {
  const store = copyStore(fixture);
  rmSync(join(store, 'index'), { recursive: true });
  assertRepaired(store);
  rmSync(join(store, 'index'), { recursive: true });
  assert.equal(cli(store, ['verify']).status, 0);
});

test('repair reports the damaged index and where it was moved (--json)', () => {
  const store = copyStore(fixture);
  writeFileSync(join(store, 'index', 'CURRENT'), 'garbage\n');
  const run = cli(store, ['--json', 'repair']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.match(report.index.damaged, /garbage/);
  assert.equal(report.index.movedTo.startsWith(join(store, 'quarantine', 'index-')), true);
  assert.ok(readdirSync(report.index.movedTo).includes('CURRENT'), 'the damaged index is kept aside');
  assert.equal(report.names, 1);
});
