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

test('an index that parses but lost an entry, points one at the wrong place, and has one for nothing: verify names each once; repair rebuilds it', async () => {
  const store = copyStore(fixture);
  const { ClassicLevel } = await import('classic-level');
  const db = new ClassicLevel<string, Uint8Array>(join(store, 'index'), { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  // Two chunk entries: one deleted, the other given the first one's location.
  const objects: [string, Uint8Array][] = [];
  for await (const [key, value] of db.iterator({ gte: 'o:', lt: 'o;' })) objects.push([key, value]);
  const [other, lost, moved] = objects.filter(([key]) => key.startsWith('o:1:')).slice(-3); // chunks (RecordKind.Chunk)
  assert.ok(other && lost && moved && lost[0] !== moved[0], `${objects.length} object entries`);
  await db.del(lost[0]);
  await db.put(moved[0], lost[1]);
  // And an entry for a chunk no pack holds, pointing at another chunk's record.
  const stray = 'o:1:' + 'ab'.repeat(32);
  await db.put(stray, other[1]);
  await db.close();
  const run = cli(store, ['--json', 'verify']);
  assert.equal(run.status, 4, run.stderr);
  const { problems } = JSON.parse(run.stdout) as { problems: { code: string; message: string }[] };
  const hexOf = (key: string): string => key.slice(key.lastIndexOf(':') + 1);
  assert.ok(problems.some((p) => p.code === 'index-mismatch' && p.message.includes('has no entry') && p.message.includes(hexOf(lost[0]))), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.code === 'index-mismatch' && p.message.includes(hexOf(moved[0])) && !p.message.includes('has no entry')), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.code === 'index-damaged'), JSON.stringify(problems));
  // Only the lost entry lacks one: every other record is matched by its entry.
  assert.equal(problems.filter((p) => p.message.includes('has no entry')).length, 1, JSON.stringify(problems));
  assert.ok(problems.some((p) => p.code === 'index-mismatch' && p.message.includes(stray) && p.message.includes('no such record')), JSON.stringify(problems));
  // Each wrong entry is named once.
  assert.equal(problems.filter((p) => p.code === 'index-mismatch').length, 3, JSON.stringify(problems));
  assertRepaired(store);
});
