// How header fields and extensions are read, case by case, on hand-made blocks: the numeric
// quirks Go's reader accepts (spaces, NULs, junk after a NUL, base-256 both signs), name
// assembly (ustar prefix, GNU long names, PAX path, GNU.sparse.name) and its precedence,
// global records, extended attributes, dialect detection, and which entries are payloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { END_OF_ARCHIVE, readEntries, splitTar, type TarHeader } from '../../../src/tar/index.js';
import { concat, craftExtension, craftHeader, octal, paxRecord, splitAndRebuild } from './split-helpers.js';

const GNU = { magic: 'ustar ', version: ' \0' } as const;

async function only(...blocks: Uint8Array[]): Promise<TarHeader[]> {
  const tar = concat(...blocks, END_OF_ARCHIVE);
  const { rebuilt } = await splitAndRebuild([tar]);
  assert.deepEqual(new Uint8Array(rebuilt), tar, 'round trip');
  const headers: TarHeader[] = [];
  for await (const entry of readEntries([tar])) {
    for await (const piece of entry.data) void piece;
    headers.push(entry.header);
  }
  return headers;
}

async function one(...blocks: Uint8Array[]): Promise<TarHeader> {
  const headers = await only(...blocks);
  assert.equal(headers.length, 1);
  return headers[0]!;
}

test('octal fields: spaces and NULs around the digits, junk after a NUL, empty fields', async () => {
  const h = await one(craftHeader({ mode: '  644 \0', uid: '123\0junk', gid: '\0\0\0\0\0\0\0\0', mtime: ' 17777777777' }));
  assert.deepEqual([h.mode, h.uid, h.gid, h.mtime], [0o644, 0o123, 0, 0o17777777777]);
  const twelve = await one(craftHeader({ size: '000000000005' }), Buffer.from('hello'), new Uint8Array(507));
  assert.equal(twelve.size, 5, 'all 12 bytes digits, no terminator');
});

test('base-256 fields: positive ids, negative times', async () => {
  const uid = Uint8Array.from([0x80, 0, 0, 0, 0, 0x2d, 0xc6, 0xc0]); // 3000000
  const minusOne = new Uint8Array(12).fill(0xff);
  const billion = Buffer.alloc(12, 0xff);
  billion.writeInt32BE(-1000000000, 8);
  const h = await one(craftHeader({ ...GNU, uid, mtime: minusOne, gnuAtime: billion }));
  assert.deepEqual([h.uid, h.mtime, h.atime, h.format], [3000000, -1, -1000000000, 'gnu']);
});

test('ustar prefix joins the name; v7 ignores the ustar area', async () => {
  const h = await one(craftHeader({ name: 'file', prefix: 'dir/sub' }));
  assert.deepEqual([h.name, h.format], ['dir/sub/file', 'ustar']);
  const v7 = await one(craftHeader({ name: 'old', magic: '', version: '', uname: 'ignored', devmajor: 'junk' }));
  assert.deepEqual([v7.name, v7.format, v7.uname, v7.devmajor], ['old', 'v7', '', 0]);
  const star = await one(craftHeader({ name: 'file', prefix: 'pre', gnuRealSize: '' }), new Uint8Array(0));
  assert.equal(star.name, 'pre/file');
});

test('star: trailer "tar\\0" at 508, prefix of 131 bytes, atime and ctime', async () => {
  const block = craftHeader({ name: 'file' });
  block.set(Buffer.from('tar\0'), 508);
  block.set(Buffer.from(octal(1234, 12)), 476);
  block.set(Buffer.from(octal(5678, 12)), 488);
  block.set(Buffer.from('star-prefix'), 345);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  const h = await one(block);
  assert.deepEqual([h.format, h.name, h.atime, h.ctime], ['star', 'star-prefix/file', 1234, 5678]);
});

test('NUL typeflag: a regular file, or a directory when the name ends in "/" (then no data)', async () => {
  const file = await one(craftHeader({ typeflag: '\0', size: octal(3, 12) }), Buffer.from('abc'), new Uint8Array(509));
  assert.deepEqual([file.typeflag, file.rawTypeflag, file.size], ['0', 0, 3]);
  const dir = await only(craftHeader({ name: 'd/', typeflag: '\0', size: octal(5, 12) }), craftHeader({ name: 'next' }));
  assert.deepEqual(dir.map((h) => [h.name, h.typeflag, h.size]), [['d/', '5', 0], ['next', '0', 0]]);
});

test('links, devices, fifos and directories carry no data whatever their size field says', async () => {
  for (const typeflag of ['1', '2', '3', '4', '5', '6']) {
    const headers = await only(craftHeader({ name: 'x', typeflag, size: octal(1000, 12) }), craftHeader({ name: 'after' }));
    assert.deepEqual(headers.map((h) => [h.name, h.size]), [['x', 0], ['after', 0]], `typeflag ${typeflag}`);
  }
});

test('payloads are the data of 0, NUL, 7 and S; other types with data are framing', async () => {
  const tar = concat(
    craftHeader({ name: 'regular', size: octal(1, 12) }), Buffer.from('r'), new Uint8Array(511),
    craftHeader({ name: 'old', typeflag: '\0', size: octal(1, 12) }), Buffer.from('o'), new Uint8Array(511),
    craftHeader({ name: 'contiguous', typeflag: '7', size: octal(1, 12) }), Buffer.from('c'), new Uint8Array(511),
    craftHeader({ name: 'dumpdir', typeflag: 'D', ...GNU, size: octal(4, 12) }), Buffer.from('Ya\0\0'), new Uint8Array(508),
    craftHeader({ name: 'unknown', typeflag: 'Z', size: octal(600, 12) }), new Uint8Array(600).fill(0x7a), new Uint8Array(424),
    craftHeader({ name: 'sparse', typeflag: 'S', ...GNU, size: octal(2, 12), gnuRealSize: octal(100, 12), gnuSparse: Buffer.from(octal(10, 12) + octal(2, 12)) }),
    Buffer.from('sp'), new Uint8Array(510),
    END_OF_ARCHIVE,
  );
  const payloads: string[] = [];
  for await (const part of splitTar([tar])) {
    if (part.kind !== 'payload') continue;
    let data = '';
    for await (const piece of part.data) data += Buffer.from(piece).toString();
    payloads.push(`${part.header.name}:${data}`);
  }
  assert.deepEqual(payloads, ['regular:r', 'old:o', 'contiguous:c', 'sparse:sp']);
  const entries: string[] = [];
  for await (const entry of readEntries([tar])) {
    let length = 0;
    for await (const piece of entry.data) length += piece.length;
    entries.push(`${entry.header.name}:${entry.header.typeflag}:${length}`);
  }
  assert.deepEqual(entries, ['regular:0:1', 'old:0:1', 'contiguous:7:1', 'dumpdir:D:4', 'unknown:Z:600', 'sparse:S:2']);
});

test('GNU long names: cut at the first NUL; the last L or K wins; they override PAX', async () => {
  const h = await one(
    craftExtension('L', 'first-long-name\0ignored', GNU),
    craftExtension('L', `${'n'.repeat(150)}\0\0\0`, GNU),
    craftExtension('K', `${'k'.repeat(120)}`, GNU),
    craftExtension('x', paxRecord('path', 'pax-path') + paxRecord('linkpath', 'pax-link')),
    craftHeader({ name: 'short', typeflag: '2', ...GNU }),
  );
  assert.deepEqual([h.name, h.linkname], ['n'.repeat(150), 'k'.repeat(120)]);
  assert.equal(h.headerOffset, 0, 'the entry starts at its first extension header');
});

test('PAX: path and linkpath as bytes, size override, fractional and negative times, later x replaces earlier', async () => {
  const latin = Buffer.from('caf\xe9', 'latin1');
  const paxData = Buffer.concat([Buffer.from(`${9 + latin.length} path=`), latin, Buffer.from('\n')]);
  assert.equal(paxData.length, 9 + latin.length);
  const h = await one(craftExtension('x', paxData), craftHeader({ name: 'ignored' }));
  assert.equal(h.name, 'caf\xe9');
  assert.equal(Buffer.from(h.nameBytes).toString('hex'), latin.toString('hex'));

  const sized = await one(craftExtension('x', paxRecord('size', '5') + paxRecord('mtime', '-1.5') + paxRecord('atime', '+7')), craftHeader({ size: octal(0, 12) }), Buffer.from('12345'), new Uint8Array(507));
  assert.deepEqual([sized.size, sized.mtime, sized.atime], [5, -1.5, 7]);

  const replaced = await one(craftExtension('x', paxRecord('path', 'first') + paxRecord('uid', '7')), craftExtension('x', paxRecord('gid', '9')), craftHeader({ name: 'header' }));
  assert.deepEqual([replaced.name, replaced.uid, replaced.gid], ['header', 0, 9]);

  const empty = await one(craftExtension('x', paxRecord('path', '') + paxRecord('uname', 'root')), craftHeader({ name: 'from-header', uname: 'nobody' }));
  assert.deepEqual([empty.name, empty.uname, empty.pax], ['from-header', 'root', { uname: 'root' }]);
});

test('PAX global records apply to later entries; an empty global value deletes one; size is never global', async () => {
  const headers = await only(
    craftExtension('g', paxRecord('uname', 'global-user') + paxRecord('comment', 'c1') + paxRecord('size', '3')),
    craftHeader({ name: 'a' }),
    craftExtension('x', paxRecord('uname', 'local-user')),
    craftHeader({ name: 'b' }),
    craftExtension('g', paxRecord('comment', '')),
    craftHeader({ name: 'c' }),
  );
  assert.deepEqual(headers.map((h) => [h.name, h.uname, h.pax['comment'], h.size, h.format]), [
    ['a', 'global-user', 'c1', 0, 'pax'],
    ['b', 'local-user', 'c1', 0, 'pax'],
    ['c', 'global-user', undefined, 0, 'pax'],
  ]);
});

test('extended attributes: SCHILY raw bytes (empty allowed), LIBARCHIVE base64 with encoded names', async () => {
  const raw = Buffer.from([0x00, 0xff, 0x41]);
  const record = Buffer.concat([Buffer.from(`${' SCHILY.xattr.user.raw='.length + raw.length + 1 + 2} SCHILY.xattr.user.raw=`), raw, Buffer.from('\n')]);
  const h = await one(
    craftExtension('x', Buffer.concat([
      record,
      Buffer.from(paxRecord('SCHILY.xattr.user.empty', '')),
      Buffer.from(paxRecord('LIBARCHIVE.xattr.user.with%20space', Buffer.from('hi there').toString('base64'))),
      Buffer.from(paxRecord('LIBARCHIVE.xattr.user.raw', Buffer.from('loses to SCHILY').toString('base64'))),
    ])),
    craftHeader(),
  );
  const xattrs = Object.fromEntries(Object.entries(h.xattrs).map(([k, v]) => [k, Buffer.from(v).toString('hex')]));
  assert.deepEqual(xattrs, { 'user.raw': raw.toString('hex'), 'user.empty': '', 'user.with space': Buffer.from('hi there').toString('hex') });
});

test('PAX sparse 0.0 pairs become GNU.sparse.map; GNU.sparse.name renames; unknown versions are plain data', async () => {
  const h = await one(
    craftExtension('x', paxRecord('GNU.sparse.size', '100') + paxRecord('GNU.sparse.numblocks', '2') + paxRecord('GNU.sparse.offset', '0') + paxRecord('GNU.sparse.numbytes', '1') + paxRecord('GNU.sparse.offset', '50') + paxRecord('GNU.sparse.numbytes', '2') + paxRecord('GNU.sparse.name', 'real-name')),
    craftHeader({ name: 'GNUSparseFile.0/real-name', size: octal(3, 12) }), Buffer.from('abc'), new Uint8Array(509),
  );
  assert.deepEqual([h.name, h.size, h.sparse, h.pax['GNU.sparse.map']], ['real-name', 3, { realSize: 100, map: [{ offset: 0, length: 1 }, { offset: 50, length: 2 }] }, '0,1,50,2']);
  const unknown = await one(craftExtension('x', paxRecord('GNU.sparse.major', '2') + paxRecord('GNU.sparse.minor', '0')), craftHeader());
  assert.equal(unknown.sparse, undefined);
});

test('the first zero block ends the archive: nothing after it is parsed', async () => {
  const tar = concat(craftHeader({ name: 'a' }), new Uint8Array(512), Buffer.from('not a header at all, and not even 512 bytes long'));
  const { rebuilt, headers } = await splitAndRebuild([tar]);
  assert.deepEqual(new Uint8Array(rebuilt), tar);
  assert.deepEqual(headers.map((h) => h.name), ['a']);
});

test('an archive of zero blocks only (an empty tar) is fine', async () => {
  const { rebuilt, headers } = await splitAndRebuild([new Uint8Array(10240)]);
  assert.equal(rebuilt.length, 10240);
  assert.equal(headers.length, 0);
});

test('record keys from the archive cannot reach object prototypes', async () => {
  const h = await one(craftExtension('x', paxRecord('__proto__', 'x') + paxRecord('SCHILY.xattr.__proto__', 'y') + paxRecord('constructor', 'z')), craftHeader());
  assert.equal(Object.getPrototypeOf(h.pax), Object.prototype);
  assert.equal(Object.getPrototypeOf(h.xattrs), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(h.pax, '__proto__')?.value, 'x');
  assert.equal(Buffer.from(Object.getOwnPropertyDescriptor(h.xattrs, '__proto__')?.value as Uint8Array).toString(), 'y');
  assert.equal(h.pax['constructor'], 'z');
});
