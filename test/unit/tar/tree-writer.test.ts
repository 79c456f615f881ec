// The deterministic tree writer: the bytes it writes (layout, determinism, when PAX is used),
// that GNU tar, bsdtar and Python's tarfile read its archives as the entries it was given,
// and that the tar module parses them back to the same TreeEntry fields.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { END_OF_ARCHIVE, PAX_HEADER_NAME, compareTreePaths, encodeEntryHeader, encodeHeaderBlocks, paddingAfter, type TreeEntry } from '../../../src/tar/index.js';
import { seededBytes } from '../../support/random.js';
import { pythonListings } from '../../support/tar-fixtures.js';
import { assertHeaderMatches, comparePython, concat, listEntries, sha256Hex, splitAndRebuild } from './split-helpers.js';
import { scratchDir } from '../../support/scratch.js';

const scratch = scratchDir('cairn-tree-writer-');
after(() => rmSync(scratch, { recursive: true, force: true }));

const ENTRIES: TreeEntry[] = [
  { path: 'a', type: 'dir', mode: 0o1777, uid: 0, gid: 0, mtime: 1700000000, size: 4096 },
  { path: 'a/file.txt', type: 'file', mode: 0o4755, uid: 1000, gid: 1000, mtime: 1700000000, size: 5 },
  { path: 'a/setgid', type: 'file', mode: 0o2750, uid: 1000, gid: 1000, mtime: 1700000000, size: 600 },
  { path: 'empty', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0 },
  { path: 'ünï/☺.txt', type: 'file', mode: 0o644, uid: 3000000, gid: 2097152, mtime: -31536000, size: 3 },
  { path: `long/${'x'.repeat(150)}`, type: 'file', mode: 0o600, uid: 1, gid: 2, mtime: 9000000000, size: 70000 },
  { path: `${'d'.repeat(100)}/${'é'.repeat(60)}/${'f'.repeat(90)}`, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1, size: 0 },
  { path: 'n'.repeat(100), type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1, size: 1 },
  { path: 'n'.repeat(99), type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1, size: 0 },
  { path: 'sym', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1, size: 0, linkname: `${'t/'.repeat(80)}end` },
  { path: 'sym-short', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1, size: 0, linkname: '../ünï/☺.txt' },
  { path: 'hard', type: 'hardlink', mode: 0o644, uid: 1000, gid: 1000, mtime: 1700000000, size: 0, linkname: 'a/file.txt' },
  { path: 'fifo', type: 'fifo', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0 },
  { path: 'null', type: 'char', mode: 0o666, uid: 0, gid: 0, mtime: 0, size: 0, devmajor: 1, devminor: 3 },
  { path: 'sda', type: 'block', mode: 0o660, uid: 0, gid: 6, mtime: 0, size: 0, devmajor: 8, devminor: 0 },
  { path: 'x.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 2, xattrs: { 'user.b': new TextEncoder().encode('two'), 'user.a': Uint8Array.from([0, 1, 255]) } },
];

function contentOf(entry: TreeEntry): Uint8Array {
  return entry.type === 'file' ? new Uint8Array(seededBytes(`tree-${entry.path}`, entry.size)) : new Uint8Array(0);
}

/** The tar of `entries` as cairn writes it: header framing, data, padding; the end marker. */
function writeTree(entries: TreeEntry[], end: Uint8Array = END_OF_ARCHIVE): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(encodeEntryHeader(entry));
    if (entry.type === 'file') parts.push(contentOf(entry), paddingAfter(entry.size));
  }
  parts.push(end);
  return concat(...parts);
}

function modeString(entry: TreeEntry, hardlinkChar: string): string {
  const kind = { file: '-', dir: 'd', symlink: 'l', hardlink: hardlinkChar, char: 'c', block: 'b', fifo: 'p' }[entry.type];
  const m = entry.mode;
  const triad = (shift: number, special: number, specialChar: string) => {
    const x = (m >> shift) & 1;
    const exec = m & special ? (x ? specialChar : specialChar.toUpperCase()) : x ? 'x' : '-';
    return `${(m >> (shift + 2)) & 1 ? 'r' : '-'}${(m >> (shift + 1)) & 1 ? 'w' : '-'}${exec}`;
  };
  return kind + triad(6, 0o4000, 's') + triad(3, 0o2000, 's') + triad(0, 0o1000, 't');
}

function listingName(entry: TreeEntry): string {
  return entry.type === 'dir' ? `${entry.path}/` : entry.path;
}

test('encodeEntryHeader: one ustar block when everything fits; fixed layout', () => {
  const block = encodeEntryHeader({ path: 'a/file.txt', type: 'file', mode: 0o644, uid: 1000, gid: 100, mtime: 1700000000, size: 5 });
  assert.equal(block.length, 512);
  const text = (from: number, length: number) => Buffer.from(block.subarray(from, from + length)).toString('latin1');
  assert.equal(text(0, 100), 'a/file.txt'.padEnd(100, '\0'));
  assert.equal(text(100, 8), '0000644\0');
  assert.equal(text(108, 8), '0001750\0');
  assert.equal(text(116, 8), '0000144\0');
  assert.equal(text(124, 12), '00000000005\0');
  assert.equal(text(136, 12), `${(1700000000).toString(8)}\0`);
  assert.match(text(148, 8), /^[0-7]{6}\0 $/);
  assert.equal(text(156, 1), '0');
  assert.equal(text(157, 100), '\0'.repeat(100));
  assert.equal(text(257, 8), 'ustar\u000000');
  assert.equal(text(265, 64), '\0'.repeat(64), 'uname and gname empty');
  assert.equal(text(329, 16), '0000000\u00000000000\0');
  assert.equal(text(345, 167), '\0'.repeat(167));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  assert.equal(parseInt(text(148, 6), 8), sum);
  const dir = encodeEntryHeader({ path: 'a', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 4096 });
  assert.equal(Buffer.from(dir.subarray(0, 3)).toString(), 'a/\0', 'directories end in /');
  assert.equal(Buffer.from(dir.subarray(124, 136)).toString(), '00000000000\0', 'a directory has no data');
});

test('encodeEntryHeader: a PAX header only when the ustar fields cannot hold the entry', () => {
  const base: TreeEntry = { path: 'f', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0 };
  const cases: [Partial<TreeEntry>, string | undefined][] = [
    [{ path: 'p'.repeat(100) }, undefined],
    [{ path: 'p'.repeat(101) }, `path=${'p'.repeat(101)}`],
    [{ path: 'p'.repeat(99), type: 'dir' }, undefined],
    [{ path: 'p'.repeat(100), type: 'dir' }, `path=${'p'.repeat(100)}/`],
    [{ type: 'symlink', linkname: 'l'.repeat(100) }, undefined],
    [{ type: 'symlink', linkname: 'l'.repeat(101) }, `linkpath=${'l'.repeat(101)}`],
    [{ uid: 2097151, gid: 2097151 }, undefined],
    [{ uid: 2097152 }, 'uid=2097152'],
    [{ gid: 2097152 }, 'gid=2097152'],
    [{ mtime: -1 }, 'mtime=-1'],
    [{ mtime: 8589934591 }, undefined],
    [{ mtime: 8589934592 }, 'mtime=8589934592'],
    [{ size: 8589934592 }, 'size=8589934592'],
    [{ xattrs: { 'user.k': new TextEncoder().encode('v') } }, 'SCHILY.xattr.user.k=v'],
  ];
  for (const [change, record] of cases) {
    const bytes = encodeEntryHeader({ ...base, ...change } as TreeEntry);
    const label = JSON.stringify(change).slice(0, 60);
    if (record === undefined) {
      assert.equal(bytes.length, 512, label);
      continue;
    }
    assert.equal(Buffer.from(bytes.subarray(0, PAX_HEADER_NAME.length)).toString(), PAX_HEADER_NAME, label);
    assert.equal(String.fromCharCode(bytes[156]!), 'x', label);
    const size = parseInt(Buffer.from(bytes.subarray(124, 135)).toString(), 8);
    const records = Buffer.from(bytes.subarray(512, 512 + size)).toString();
    const [length, rest] = [records.slice(0, records.indexOf(' ')), records.slice(records.indexOf(' ') + 1)];
    assert.equal(rest, `${record}\n`, label);
    assert.equal(Number(length), Buffer.byteLength(records), `${label}: record length counts itself`);
    assert.equal(bytes.length, 512 + Math.ceil(size / 512) * 512 + 512, label);
  }
});

test('encodeEntryHeader is deterministic and independent of xattr key order', () => {
  for (const entry of ENTRIES) assert.deepEqual(encodeEntryHeader(entry), encodeEntryHeader(structuredClone(entry)));
  const one = encodeEntryHeader({ path: 'x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0, xattrs: { 'user.a': Uint8Array.of(1), 'user.b': Uint8Array.of(2) } });
  const two = encodeEntryHeader({ path: 'x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0, xattrs: { 'user.b': Uint8Array.of(2), 'user.a': Uint8Array.of(1) } });
  assert.deepEqual(one, two);
  // Same tree, same digest: the property a directory's DiffID rests on.
  assert.equal(sha256Hex(writeTree(ENTRIES)), sha256Hex(writeTree(ENTRIES.map((e) => structuredClone(e)))));
});

test('paddingAfter and END_OF_ARCHIVE', () => {
  assert.deepEqual([0, 1, 511, 512, 513, 70000].map((n) => paddingAfter(n).length), [0, 511, 1, 0, 511, 144]);
  assert.ok(paddingAfter(1).every((b) => b === 0));
  assert.equal(END_OF_ARCHIVE.length, 1024);
  assert.ok(END_OF_ARCHIVE.every((b) => b === 0));
  assert.throws(() => paddingAfter(-1), RangeError);
  assert.throws(() => paddingAfter(1.5), RangeError);
});

test('compareTreePaths: byte order of UTF-8 paths puts a directory before its contents', () => {
  const paths = ['b', 'a/b', 'a', 'a-b', 'ä', 'z', 'a/b/c', 'A', 'a b'];
  const sorted = [...paths].sort(compareTreePaths);
  assert.deepEqual(sorted, ['A', 'a', 'a b', 'a-b', 'a/b', 'a/b/c', 'b', 'z', 'ä']);
  for (const path of paths) {
    for (const child of paths.filter((p) => p.startsWith(`${path}/`))) assert.ok(sorted.indexOf(path) < sorted.indexOf(child));
  }
});

test('compareTreePaths is the byte order of UTF-8, for any paths (surrogate pairs and U+E000-U+FFFF included)', () => {
  const character = fc.oneof(
    fc.constantFrom('a', 'A', '/', '-', '.', ' ', 'é', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\ufffd'),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    fc.integer({ min: 1, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
  );
  const path = fc.array(character, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
  fc.assert(fc.property(path, path, (a, b) => {
    const bytes = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    assert.equal(Math.sign(compareTreePaths(a, b)), bytes, `${JSON.stringify(a)} against ${JSON.stringify(b)}`);
  }), { numRuns: 5000 });
  // The case string order gets wrong: U+10000 (a surrogate pair, D800 DC00) sorts after U+FFFF in UTF-8.
  assert.ok(compareTreePaths('\u{10000}', '\uffff') > 0);
});

test('encodeEntryHeader refuses entries a directory walk cannot produce', () => {
  const base: TreeEntry = { path: 'f', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0 };
  const bad: [Partial<TreeEntry>, typeof TypeError | typeof RangeError][] = [
    [{ path: '' }, TypeError],
    [{ path: '/abs' }, RangeError],
    [{ path: 'dir/' }, RangeError],
    [{ path: 'a//b' }, RangeError],
    [{ path: './a' }, RangeError],
    [{ path: 'a/../b' }, RangeError],
    [{ path: 'nul\0' }, TypeError],
    [{ mode: 0o10000 }, RangeError],
    [{ uid: -1 }, RangeError],
    [{ mtime: 1.5 }, RangeError],
    [{ size: -1 }, RangeError],
    [{ type: 'symlink' }, TypeError],
    [{ type: 'hardlink', linkname: '' }, TypeError],
    [{ linkname: 'x' }, RangeError],
    [{ type: 'char' }, RangeError],
    [{ type: 'socket' as TreeEntry['type'] }, TypeError],
    [{ xattrs: { 'a=b': Uint8Array.of(1) } }, RangeError],
  ];
  for (const [change, kind] of bad) assert.throws(() => encodeEntryHeader({ ...base, ...change } as TreeEntry), kind, JSON.stringify(change));
});

test('a written tree splits back byte for byte and parses to the same entries', async () => {
  const tar = writeTree(ENTRIES);
  const { rebuilt, headers } = await splitAndRebuild([tar]);
  assert.deepEqual(new Uint8Array(rebuilt), tar);
  assert.deepEqual(headers.map((h) => h.name), ENTRIES.filter((e) => e.type === 'file').map((e) => e.path));
  const entries = await listEntries([tar]);
  assert.equal(entries.length, ENTRIES.length);
  entries.forEach(({ header, data }, i) => {
    assertHeaderMatches(header, ENTRIES[i]!);
    assert.deepEqual(new Uint8Array(data), contentOf(ENTRIES[i]!), `${ENTRIES[i]!.path}: data`);
  });
});

test('GNU tar, bsdtar and Python tarfile list a written tree as the entries given', async () => {
  const path = join(scratch, 'tree.tar');
  writeFileSync(path, writeTree(ENTRIES));
  const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' };

  const gnu = spawnSync('tar', ['--numeric-owner', '--full-time', '--quoting-style=literal', '-tvf', path], { env });
  assert.equal(gnu.status, 0, gnu.stderr?.toString());
  const gnuLines = gnu.stdout.toString().trimEnd().split('\n');
  assert.equal(gnuLines.length, ENTRIES.length);
  gnuLines.forEach((line, i) => {
    const entry = ENTRIES[i]!;
    const m = /^(\S{10}) (\d+)\/(\d+)\s+(\d+|\d+,\d+) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (.*)$/.exec(line);
    assert.ok(m, `GNU tar line: ${line}`);
    assert.equal(m[1], modeString(entry, 'h'), `${entry.path}: mode`);
    assert.deepEqual([Number(m[2]), Number(m[3])], [entry.uid, entry.gid], `${entry.path}: owner`);
    const size = entry.type === 'char' || entry.type === 'block' ? `${entry.devmajor},${entry.devminor}` : String(entry.type === 'file' ? entry.size : 0);
    assert.equal(m[4], size, `${entry.path}: size`);
    assert.equal(m[5], new Date(entry.mtime * 1000).toISOString().slice(0, 19).replace('T', ' '), `${entry.path}: mtime`);
    const tail = entry.type === 'symlink' ? ` -> ${entry.linkname}` : entry.type === 'hardlink' ? ` link to ${entry.linkname}` : '';
    assert.equal(m[6], listingName(entry) + tail, `${entry.path}: name`);
  });

  {
    const bsd = spawnSync('bsdtar', ['--numeric-owner', '-tvf', path], { env });
    assert.equal(bsd.status, 0, bsd.stderr?.toString());
    const bsdLines = bsd.stdout.toString().trimEnd().split('\n');
    assert.equal(bsdLines.length, ENTRIES.length);
    bsdLines.forEach((line, i) => {
      const entry = ENTRIES[i]!;
      const m = /^(\S{10})\s+\d+\s+(\d+)\s+(\d+)\s+(\d+|\d+,\d+)\s+\w{3}\s+\d+\s+(?:\d{4}|\d\d:\d\d) (.*)$/.exec(line);
      assert.ok(m, `bsdtar line: ${line}`);
      assert.equal(m[1], modeString(entry, 'h'), `${entry.path}: mode`);
      assert.deepEqual([Number(m[2]), Number(m[3])], [entry.uid, entry.gid], `${entry.path}: owner`);
      const size = entry.type === 'char' || entry.type === 'block' ? `${entry.devmajor},${entry.devminor}` : String(entry.type === 'file' ? entry.size : 0);
      assert.equal(m[4], size, `${entry.path}: size`);
      const tail = entry.type === 'symlink' ? ` -> ${entry.linkname}` : entry.type === 'hardlink' ? ` link to ${entry.linkname}` : '';
      assert.equal(m[5], listingName(entry) + tail, `${entry.path}: name`);
    });
  }

  const [python] = pythonListings([path]);
  assert.ok(python, "Python's tarfile reads the tree");
  comparePython('tree', (await listEntries([writeTree(ENTRIES)])).map((e) => e.header), python);
});

test('GNU tar extracts a written tree with its contents, links and xattrs', () => {
  const entries = ENTRIES.filter((e) => e.type !== 'char' && e.type !== 'block');
  const path = join(scratch, 'extract.tar');
  const into = join(scratch, 'extracted');
  writeFileSync(path, writeTree(entries));
  spawnSync('mkdir', ['-p', into]);
  const result = spawnSync('tar', ['--xattrs', '--xattrs-include=user.*', '-xf', path, '-C', into]);
  assert.equal(result.status, 0, result.stderr?.toString());
  for (const entry of entries.filter((e) => e.type === 'file')) {
    const read = spawnSync('cat', [join(into, entry.path)]);
    assert.equal(sha256Hex(read.stdout), sha256Hex(contentOf(entry)), `${entry.path}: content`);
  }
  const link = spawnSync('readlink', [join(into, 'sym')]);
  assert.equal(link.stdout.toString().trim(), ENTRIES.find((e) => e.path === 'sym')!.linkname);
  // getfattr comes with attr, which CI installs.
  const attr = spawnSync('getfattr', ['--only-values', '-n', 'user.b', join(into, 'x.txt')]);
  assert.equal(attr.status, 0, `getfattr: ${attr.stderr?.toString() ?? attr.error}`);
  assert.equal(attr.stdout.toString(), 'two');
});

test('encodeHeaderBlocks: owner names, PAX time texts and raw name bytes, as Python tarfile reads them', () => {
  const enc = (text: string) => new TextEncoder().encode(text);
  const rawName = Uint8Array.from([...enc('raw-'), 0xff, 0xfe, ...enc('.bin')]);
  const blocks = [
    encodeHeaderBlocks({ name: enc('short-owner'), link: new Uint8Array(0), typeflag: 0x30, mode: 0o640, uid: 1000, gid: 1000, size: 0, mtime: 1700000000, uname: 'alice', gname: 'staff', devmajor: 0, devminor: 0, xattrs: [] }),
    encodeHeaderBlocks({ name: enc('long-owner'), link: new Uint8Array(0), typeflag: 0x30, mode: 0o644, uid: 1, gid: 2, size: 0, mtime: 1700000000, uname: 'u'.repeat(33), gname: 'jürgen', mtimeText: '1700000000.123456789', atimeText: '1700000001.5', devmajor: 0, devminor: 0, xattrs: [] }),
    encodeHeaderBlocks({ name: rawName, link: new Uint8Array(0), typeflag: 0x30, mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 5, devmajor: 0, devminor: 0, xattrs: [] }),
  ];
  // Fields that fit stay in the ustar block: no PAX header for the first entry.
  assert.equal(blocks[0]!.length, 512);
  assert.equal(Buffer.from(blocks[0]!.subarray(265, 270)).toString('latin1'), 'alice');
  const path = join(scratch, 'header-blocks.tar');
  writeFileSync(path, concat(...blocks, END_OF_ARCHIVE));
  const script = [
    'import sys, tarfile, json',
    'out = []',
    "with tarfile.open(sys.argv[1], encoding='utf-8', errors='surrogateescape') as t:",
    '    for m in t:',
    "        out.append([m.name.encode('utf-8', 'surrogateescape').hex(), m.uname, m.gname, repr(m.mtime), m.pax_headers.get('atime'), m.pax_headers.get('mtime')])",
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, path]);
  assert.equal(result.status, 0, result.stderr.toString());
  const listed = JSON.parse(result.stdout.toString()) as [string, string, string, string, string | null, string | null][];
  assert.deepEqual(listed, [
    [Buffer.from('short-owner').toString('hex'), 'alice', 'staff', '1700000000', null, null],
    [Buffer.from('long-owner').toString('hex'), 'u'.repeat(33), 'jürgen', '1700000000.1234567', '1700000001.5', '1700000000.123456789'],
    [Buffer.from(rawName).toString('hex'), '', '', '5', null, null],
  ]);
});
