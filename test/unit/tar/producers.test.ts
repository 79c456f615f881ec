// Archives from real producers, made at test time (test/support/tar-fixtures.ts documents each
// command): GNU tar in every format with sparse files, long names, devices, fifos, xattrs,
// incremental dumps, volume labels and multivolume continuations; bsdtar; busybox; Python's
// tarfile; git archive; tar-stream; and endings cut from a GNU tar archive. Each must split
// and rebuild byte for byte, fed whole, in 7-byte and 1-byte pieces and cut at random points,
// and parse to the entries Python's tarfile and GNU tar list. Every producer CI installs must
// make all its fixtures (REQUIRED_FIXTURES): a missing tool fails the run, it is not skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSparseMapFromData, type TarHeader } from '../../../src/tar/index.js';
import { REQUIRED_FIXTURES, gnuTarNames, makeTarFixtures, pythonListings, requiredFileKinds, type TarFixture } from '../../support/tar-fixtures.js';
import { prng } from '../../support/random.js';
import { comparePython, errorOf, feed, feedAt, listEntries, sha256Hex, splitAndRebuild } from './split-helpers.js';

const fixtures = await makeTarFixtures();
after(() => fixtures.remove());
for (const reason of fixtures.skipped) console.log(`# skipped: ${reason}`);

const python = pythonListings(fixtures.fixtures.map((f) => f.path));
const isRoot = process.getuid?.() === 0;
const byName = new Map(fixtures.fixtures.map((f, i) => [f.name, { fixture: f, python: python[i] }]));
const src = join(fixtures.dir, 'src');

/**
 * Small pieces cover the first 64 KiB (headers, extension data, padding and data boundaries of
 * the first entries; node's test runner makes each piece cost microseconds); 2000 seeded
 * random cuts cover the rest of each archive.
 */
const SMALL_PIECE_BUDGET = 64 * 1024;
const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 20261123);
console.log(`# random cut seed ${SEED} (set CAIRN_TEST_SEED to replay)`);

function randomCuts(length: number, salt: string): number[] {
  let salted = SEED;
  for (const c of salt) salted = (Math.imul(salted, 31) + c.charCodeAt(0)) >>> 0;
  const next = prng(salted);
  return Array.from({ length: 2000 }, () => Math.floor(next() * length));
}

/** Where Python's tarfile or GNU tar read a fixture differently from Go's rules, and why. */
const PYTHON_DIFFERS: Record<string, string> = {
  'gnutar-incremental': "Python reads a GNU header's atime and ctime fields as a ustar prefix of the name",
  'gnutar-volume-last': "Python takes the 'M' continuation header for a whole file",
  'ending-in-padding': "Python's tarfile refuses a stream cut inside the last entry's padding (Go reads it)",
};
const GNU_TAR_NAMES_DIFFER: Record<string, string> = {
  'gnutar-volume-last': 'GNU tar lists a continuation volume only with -M',
  'ending-in-padding': "GNU tar exits with 'Unexpected EOF' on a stream cut inside padding",
};

test('every producer CI installs made all its fixtures, and the source tree holds every file kind', () => {
  const made = new Set(fixtures.fixtures.map((f) => f.name));
  const why = `skipped: ${fixtures.skipped.join('; ') || 'nothing'}`;
  for (const [producer, names] of Object.entries(REQUIRED_FIXTURES)) {
    const missing = names.filter((name) => !made.has(name));
    assert.deepEqual(missing, [], `${producer} made every fixture (${why})`);
  }
  const required = Object.values(REQUIRED_FIXTURES).flat();
  assert.ok(fixtures.fixtures.length >= required.length && required.length >= 29, `${fixtures.fixtures.length} fixtures made, ${required.length} required`);
  for (const kind of requiredFileKinds(isRoot)) {
    assert.ok(!fixtures.skipped.some((reason) => reason.startsWith(kind)), `the source tree holds a ${kind} (${why})`);
  }
});

async function entriesOf(fixture: TarFixture): Promise<{ header: TarHeader; data: Buffer }[]> {
  return listEntries([readFileSync(fixture.path)]);
}

/** A sparse file's full content from its archived data and map. */
function expandSparse(header: TarHeader, data: Buffer): Buffer {
  const sparse = header.sparse!;
  let map = sparse.map;
  let regions = data;
  if (sparse.mapInData) {
    const inData = readSparseMapFromData(data, sparse.realSize);
    assert.ok(inData, `${header.name}: the PAX 1.0 map is complete`);
    map = inData.map;
    regions = data.subarray(inData.dataOffset);
  }
  const out = Buffer.alloc(sparse.realSize);
  let at = 0;
  for (const region of map) {
    regions.copy(out, region.offset, at, at + region.length);
    at += region.length;
  }
  assert.equal(at, regions.length, `${header.name}: the map accounts for all archived data`);
  return out;
}

for (const fixture of fixtures.fixtures) {
  test(`${fixture.name} (${fixture.covers}): ${fixture.command}`, { timeout: 60_000 }, async () => {
    const bytes = new Uint8Array(readFileSync(fixture.path));
    if (fixture.expect === 'reject') {
      for (const source of [feed(bytes, bytes.length), feed(bytes, 7)]) {
        const error = await errorOf(() => splitAndRebuild(source));
        assert.equal(error.code, 'CAIRN_BAD_INPUT', String(error));
      }
      return;
    }
    const want = sha256Hex(bytes);
    for (const [label, source] of [
      ['whole', feed(bytes, bytes.length)],
      ['7-byte', feed(bytes, 7, SMALL_PIECE_BUDGET)],
      ['1-byte', feed(bytes, 1, SMALL_PIECE_BUDGET)],
      ['random cuts', feedAt(bytes, randomCuts(bytes.length, fixture.name))],
    ] as const) {
      const { rebuilt } = await splitAndRebuild(source);
      assert.equal(sha256Hex(rebuilt), want, `${label}: rebuilt sha256`);
    }
    const headers = (await entriesOf(fixture)).map((e) => e.header);
    const listing = byName.get(fixture.name)?.python;
    if (PYTHON_DIFFERS[fixture.name]) console.log(`# ${fixture.name}: not compared with Python: ${PYTHON_DIFFERS[fixture.name]}`);
    else if (listing !== undefined) comparePython(fixture.name, headers, listing);
    else assert.fail(`${fixture.name}: Python's tarfile cannot read it`);
    if (GNU_TAR_NAMES_DIFFER[fixture.name]) console.log(`# ${fixture.name}: names not compared with GNU tar: ${GNU_TAR_NAMES_DIFFER[fixture.name]}`);
    else assert.deepEqual(headers.map((h) => h.name), gnuTarNames(fixture.path), 'names as GNU tar lists them');
  });
}

/**
 * Runs `check` on a fixture's entries. A fixture of a producer CI installs must have been made;
 * only git's is skipped (with its reason) when git is not there.
 */
function withFixture(name: string, check: (entries: { header: TarHeader; data: Buffer }[]) => void | Promise<void>): void {
  const made = byName.get(name)?.fixture;
  const optional = !Object.values(REQUIRED_FIXTURES).some((names) => names.includes(name));
  test(`${name}: details`, { skip: optional && !made ? `${name} was not made: ${fixtures.skipped.join('; ')}` : false }, async () => {
    assert.ok(made, `${name} was made (skipped: ${fixtures.skipped.join('; ')})`);
    await check(await entriesOf(made));
  });
}

const find = (entries: { header: TarHeader; data: Buffer }[], name: string) => {
  const found = entries.find((e) => e.header.name === name || e.header.name === `./${name}`);
  assert.ok(found, `entry ${name} among ${entries.map((e) => e.header.name).join(', ')}`);
  return found;
};
const sourceFile = (name: string) => readFileSync(join(src, name));

withFixture('gnutar-gnu', (entries) => {
  const many = find(entries, 'sparse-many');
  assert.equal(many.header.typeflag, 'S');
  assert.ok(many.header.sparse!.map.length > 4, 'more regions than the header holds: extension blocks were read');
  assert.deepEqual(expandSparse(many.header, many.data), sourceFile('sparse-many'));
  assert.deepEqual(expandSparse(find(entries, 'sparse').header, find(entries, 'sparse').data), sourceFile('sparse'));
  const deep = entries.find((e) => e.header.name.endsWith('.txt') && e.header.name.length > 255);
  assert.ok(deep, "a path beyond 255 bytes via 'L'");
  assert.equal(find(entries, 'longerlink').header.linkname.length, 286, "a link target beyond 255 bytes via 'K'");
  assert.equal(find(entries, 'fifo').header.typeflag, '6');
  // Device nodes are made as root (CI); elsewhere the tree has none.
  if (isRoot) assert.deepEqual([find(entries, 'null').header.typeflag, find(entries, 'null').header.devmajor, find(entries, 'null').header.devminor], ['3', 1, 3]);
  assert.equal(find(entries, 'hard').header.typeflag, '1');
  assert.deepEqual(find(entries, 'data.bin').data, sourceFile('data.bin'));
  assert.ok(entries.every((e) => e.header.format === 'gnu'));
});

withFixture('gnutar-pax', (entries) => {
  assert.equal(Buffer.from(find(entries, 'xattr.txt').header.xattrs['user.cairn'] ?? []).toString(), 'fixture-value');
  const sparse = find(entries, 'sparse');
  assert.deepEqual(expandSparse(sparse.header, sparse.data), sourceFile('sparse'));
  assert.ok(entries.every((e) => e.header.format === 'pax' || e.header.format === 'ustar'));
  assert.equal(find(entries, 'ünïcødé-☺.txt').data.toString(), 'unicode name\n');
});

for (const version of ['0.0', '0.1', '1.0']) {
  withFixture(`gnutar-pax-sparse-${version}`, (entries) => {
    for (const name of ['sparse', 'sparse-many']) {
      const entry = find(entries, name);
      assert.ok(entry.header.sparse, `${name} is sparse`);
      assert.equal(Boolean(entry.header.sparse.mapInData), version === '1.0');
      assert.equal(entry.header.pax['GNU.sparse.major'] ?? '0', version === '1.0' ? '1' : '0');
      assert.deepEqual(expandSparse(entry.header, entry.data), sourceFile(name));
    }
  });
}

withFixture('gnutar-incremental', async (entries) => {
  const dumpDirs = entries.filter((e) => e.header.typeflag === 'D');
  assert.ok(dumpDirs.length > 0, "'D' entries");
  assert.ok(dumpDirs.every((e) => e.data.length === e.header.size && e.header.atime !== undefined));
  // Dump-directory data is framing, not payload.
  const { headers } = await splitAndRebuild([readFileSync(byName.get('gnutar-incremental')!.fixture.path)]);
  assert.ok(headers.every((h) => h.typeflag !== 'D'));
});

withFixture('gnutar-label', (entries) => {
  assert.deepEqual([entries[0]!.header.typeflag, entries[0]!.header.name], ['V', 'cairn volume']);
});

withFixture('gnutar-volume-last', (entries) => {
  assert.equal(entries[0]!.header.typeflag, 'M');
  assert.deepEqual(entries[0]!.data, sourceFile('data.bin').subarray(sourceFile('data.bin').length - entries[0]!.data.length));
});

withFixture('python-gnu', (entries) => {
  const uid = find(entries, 'big-uid.txt').header;
  assert.deepEqual([uid.uid, uid.gid], [3000000, 4000000]);
  assert.equal(find(entries, 'negative-mtime.txt').header.mtime, -1000000000);
  const dups = entries.filter((e) => e.header.name === 'dup.txt');
  assert.deepEqual(dups.map((e) => e.data.toString()), ['first\n', 'second, longer\n']);
  assert.equal(find(entries, 'x'.repeat(150)).data.toString(), 'long name\n');
});

withFixture('python-pax', (entries) => {
  assert.equal(find(entries, 'frac-mtime.txt').header.mtime, 1700000000.5);
  assert.equal(find(entries, 'y'.repeat(300)).header.uid, 5000000);
  assert.equal(find(entries, 'sym').header.linkname, 'z'.repeat(200));
  assert.equal(find(entries, 'ünïcødé.txt').header.format, 'pax');
});

withFixture('git-archive', (entries) => {
  assert.ok(entries.length >= 4);
  for (const { header } of entries) assert.match(header.pax['comment'] ?? '', /^[0-9a-f]{40}$/, `${header.name}: the global commit id applies`);
  assert.equal(find(entries, 'link').header.linkname, 'README');
  assert.equal(find(entries, `dir/${'g'.repeat(110)}.txt`).data.toString(), 'long path in git\n');
});

withFixture('bsdtar-pax', (entries) => {
  assert.equal(Buffer.from(find(entries, 'xattr.txt').header.xattrs['user.cairn'] ?? []).toString(), 'fixture-value');
  const sparse = find(entries, 'sparse');
  assert.deepEqual(expandSparse(sparse.header, sparse.data), sourceFile('sparse'));
});

withFixture('tar-stream', (entries) => {
  assert.equal(find(entries, 'pax-attrs.txt').header.pax['comment'], 'made by tar-stream');
  assert.equal(find(entries, 'dir/link').header.linkname, '../hello.txt');
  assert.equal(find(entries, 'hello.txt').header.uid, 1000);
});

withFixture('ending-zero-then-header', (entries) => {
  assert.deepEqual(entries.map((e) => e.header.name), ['small.txt', 'data.bin'], 'reading stops at the first zero block');
});

withFixture('ending-in-padding', (entries) => {
  assert.deepEqual(find(entries, 'data.bin').data, sourceFile('data.bin'));
});
