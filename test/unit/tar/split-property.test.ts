// Property tests over seeded random archives written with the tree writer: random entries
// (paths short and long, ASCII and not, every type, big owners, negative times, xattrs),
// random endings (marker, none, one zero block, many, junk, torn blocks), fed in pieces cut
// at random points. Splitting must rebuild the input exactly and parse every header back to
// the entry it came from. A second property damages such archives (flipped bytes, cuts):
// the splitter must then either fail with BadInputError or still rebuild the input exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { END_OF_ARCHIVE, encodeEntryHeader, paddingAfter, type TreeEntry } from '../../../src/tar/index.js';
import { seededBytes } from '../../support/random.js';
import { assertHeaderMatches, concat, feedAt, listEntries, splitAndRebuild } from './split-helpers.js';

const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 20261123);
console.log(`# property seed ${SEED} (set CAIRN_TEST_SEED to replay)`);

const segment = (size: fc.SizeForArbitrary) =>
  fc
    .array(fc.constantFrom('a', 'b', 'Z', '0', '-', '_', '.', ' ', 'é', '☺', '𝄞', 'x'), { minLength: 1, maxLength: 70, size })
    .map((chars) => chars.join(''))
    .filter((s) => s !== '.' && s !== '..');
// Short paths (most entries) and long ones: past 100 bytes a PAX header carries them.
const pathArb = fc.oneof(
  fc.array(segment('small'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
  fc.array(segment('max'), { minLength: 1, maxLength: 6, size: 'max' }).map((parts) => parts.join('/')),
);
const idArb = fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 0, max: 2 ** 40 }));
const mtimeArb = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }));
const sizeArb = fc.oneof(fc.integer({ min: 0, max: 1100 }), fc.integer({ min: 0, max: 80000 }));
const xattrsArb = fc.option(
  fc.dictionary(fc.constantFrom('user.a', 'user.b', 'security.selinux', 'trusted.é'), fc.uint8Array({ maxLength: 60 }), { maxKeys: 3 }),
  { nil: undefined },
);

const entryArb = fc
  .record({
    path: pathArb,
    type: fc.constantFrom<TreeEntry['type']>('file', 'file', 'file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo'),
    mode: fc.integer({ min: 0, max: 0o7777 }),
    uid: idArb,
    gid: idArb,
    mtime: mtimeArb,
    size: sizeArb,
    linkname: pathArb,
    devmajor: fc.integer({ min: 0, max: 4095 }),
    devminor: fc.integer({ min: 0, max: 1048575 }),
    xattrs: xattrsArb,
  })
  .map((r): TreeEntry => {
    const entry: TreeEntry = { path: r.path, type: r.type, mode: r.mode, uid: r.uid, gid: r.gid, mtime: r.mtime, size: r.type === 'file' ? r.size : 0 };
    if (r.type === 'symlink' || r.type === 'hardlink') entry.linkname = r.linkname;
    if (r.type === 'char' || r.type === 'block') {
      entry.devmajor = r.devmajor;
      entry.devminor = r.devminor;
    }
    if (r.xattrs !== undefined) entry.xattrs = r.xattrs;
    return entry;
  });

type Ending = { kind: 'marker' | 'none' | 'one-zero' | 'many-zeros' | 'junk' | 'torn' | 'zero-fragment'; count: number; junk: Uint8Array };
const endingArb = fc.record({
  kind: fc.constantFrom<Ending['kind']>('marker', 'none', 'one-zero', 'many-zeros', 'junk', 'torn', 'zero-fragment'),
  count: fc.integer({ min: 1, max: 40 }),
  junk: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
});

function endingBytes(ending: Ending): Uint8Array {
  switch (ending.kind) {
    case 'marker': return END_OF_ARCHIVE;
    case 'none': return new Uint8Array(0);
    case 'one-zero': return new Uint8Array(512);
    case 'many-zeros': return new Uint8Array(512 * ending.count);
    case 'junk': return concat(END_OF_ARCHIVE, ending.junk);
    case 'torn': return new Uint8Array(1024 + (ending.count % 511) + 1);
    case 'zero-fragment': return new Uint8Array(ending.count * 7);
  }
}

function contentOf(entry: TreeEntry, index: number): Uint8Array {
  return entry.type === 'file' ? new Uint8Array(seededBytes(`property-${index}`, entry.size)) : new Uint8Array(0);
}

function writeArchive(entries: TreeEntry[], ending: Ending): Uint8Array {
  const parts: Uint8Array[] = [];
  entries.forEach((entry, i) => {
    parts.push(encodeEntryHeader(entry));
    if (entry.type === 'file') parts.push(contentOf(entry, i), paddingAfter(entry.size));
  });
  parts.push(endingBytes(ending));
  return concat(...parts);
}

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 60 });

test('random trees, endings and splits: rebuilt exactly, headers parsed back to their entries', { timeout: 120_000 }, async () => {
  const kinds = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.array(entryArb, { minLength: 0, maxLength: 10 }), endingArb, cutsArb, async (entries, ending, cuts) => {
      // An archive must hold at least one byte.
      if (entries.length === 0 && ending.kind === 'none') return;
      const tar = writeArchive(entries, ending);
      const points = cuts.map((c) => Math.floor(c * tar.length));
      const { rebuilt, headers } = await splitAndRebuild(feedAt(tar, points));
      assert.deepEqual(new Uint8Array(rebuilt), tar, 'rebuilt bytes');
      assert.deepEqual(headers.map((h) => h.name), entries.filter((e) => e.type === 'file').map((e) => e.path), 'payloads are the files');
      const parsed = await listEntries(feedAt(tar, points));
      assert.equal(parsed.length, entries.length, 'entry count');
      parsed.forEach(({ header, data }, i) => {
        assertHeaderMatches(header, entries[i]!);
        assert.deepEqual(new Uint8Array(data), contentOf(entries[i]!, i), `${entries[i]!.path}: data`);
      });
      for (const e of entries) kinds.add(e.type);
      kinds.add(`ending:${ending.kind}`);
      if (entries.some((e) => Buffer.byteLength(e.path) > 100)) kinds.add('long path');
      if (entries.some((e) => e.mtime < 0)) kinds.add('negative mtime');
      if (entries.some((e) => e.uid > 2097151)) kinds.add('big uid');
      if (entries.some((e) => e.xattrs && Object.keys(e.xattrs).length > 0)) kinds.add('xattrs');
    }),
    { seed: SEED, numRuns: 300 },
  );
  // The generator really varies: every type, ending and extension showed up.
  for (const kind of ['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo', 'ending:none', 'ending:junk', 'ending:torn', 'long path', 'negative mtime', 'big uid', 'xattrs']) {
    assert.ok(kinds.has(kind), `generated ${kind}`);
  }
});

test('damaged archives: BadInputError or an exact rebuild, never anything else', { timeout: 120_000 }, async () => {
  let rejected = 0;
  let rebuiltCount = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(entryArb, { minLength: 1, maxLength: 6 }),
      endingArb,
      fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), xor: fc.integer({ min: 1, max: 255 }) }), { maxLength: 4 }),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      cutsArb,
      async (entries, ending, flips, truncateAt, cuts) => {
        const tar = writeArchive(entries, ending);
        for (const flip of flips) tar[Math.floor(flip.at * tar.length)]! ^= flip.xor;
        const input = truncateAt === undefined ? tar : tar.subarray(0, Math.floor(truncateAt * tar.length));
        try {
          const { rebuilt } = await splitAndRebuild(feedAt(input, cuts.map((c) => Math.floor(c * input.length))));
          assert.deepEqual(new Uint8Array(rebuilt), input, 'a damaged archive that is accepted rebuilds exactly');
          rebuiltCount++;
        } catch (error) {
          if ((error as { code?: string }).code !== 'CAIRN_BAD_INPUT') throw error;
          rejected++;
        }
      },
    ),
    { seed: SEED + 1, numRuns: 1000 },
  );
  assert.ok(rejected > 0 && rebuiltCount > 0, `both outcomes occur (rejected ${rejected}, rebuilt ${rebuiltCount})`);
});
