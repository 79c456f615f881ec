// Zip-aware deltas (src/zip/delta.ts): the entry stream by construction, round trips between
// real archives (Python zipfile, Info-ZIP deflate and bzip2, stored entries), the refusals,
// and damaged blobs (a CorruptDataError, never wrong bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeZipDelta, encodeZipDelta, zipEntryStream } from '../../../src/zip/index.js';
import { CorruptDataError } from '../../../src/errors.js';
import { sha256Digest } from '../../../src/digest.js';
import { bumpEntry, classLike, jarEntries, makeZip } from '../../support/jars.js';
import { pythonZip } from './make-zip.js';

const expected = (zip: Uint8Array) => ({ digest: sha256Digest(zip), size: zip.length });

function roundTrip(base: Buffer, target: Buffer): Uint8Array {
  const result = encodeZipDelta(base, target);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.ok(Buffer.from(decodeZipDelta(base, result.blob, expected(target))).equals(target), 'rebuilt byte for byte');
  return result.blob;
}

test('the entry stream of a stored zip, by construction: skeleton, then (at, length) per entry, then the contents', () => {
  const a = Buffer.from('first entry: hello');
  const b = Buffer.from('second entry: world!');
  const zip = pythonZip({ entries: [{ name: 'a', data: a, deflated: false }, { name: 'b', data: b, deflated: false }] });
  const atA = zip.indexOf(a);
  const atB = zip.indexOf(b);
  const skeleton = Buffer.concat([zip.subarray(0, atA), zip.subarray(atA + a.length, atB), zip.subarray(atB + b.length)]);
  const table = Buffer.alloc(16);
  table.writeUInt32BE(atA, 0);
  table.writeUInt32BE(a.length, 4);
  table.writeUInt32BE(atB - a.length, 8);
  table.writeUInt32BE(b.length, 12);
  assert.deepEqual(Buffer.from(zipEntryStream(zip)), Buffer.concat([skeleton, table, a, b]));
});

test('deflated entries appear inflated in the entry stream', () => {
  const data = classLike(3, 20_000);
  const zip = pythonZip({ entries: [{ name: 'c.class', data, deflated: true }] });
  const stream = Buffer.from(zipEntryStream(zip));
  assert.ok(stream.subarray(stream.length - data.length).equals(data));
  assert.equal(stream.readUInt32BE(stream.length - data.length - 4), data.length);
});

const v1 = makeZip(jarEntries(1, 40), 'python');
const v2 = makeZip(bumpEntry(jarEntries(1, 40), 'com/example/C007.class'), 'python');

test('python jars: one changed class, entries added, removed and reordered, an empty archive', () => {
  const blob = roundTrip(v1, v2);
  assert.ok(blob.length < 400, `zip delta of ${blob.length} bytes`);
  const entries = [...jarEntries(1, 40)].reverse().filter(([n]) => !n.endsWith('C003.class'));
  entries.push(['com/example/New.class', classLike(99, 4000)]);
  roundTrip(v1, makeZip(new Map(entries), 'python'));
  roundTrip(v1, makeZip(new Map(), 'python'));
  roundTrip(makeZip(new Map(), 'python'), v1);
});

test('stored entries mixed with deflated ones; any zip as the base (Info-ZIP deflate, bzip2)', () => {
  const mixed = pythonZip({ entries: [
    { name: 'a.class', data: classLike(4, 6000), deflated: true },
    { name: 'lib/inner.jar', data: v1, deflated: false },
    { name: 'b.class', data: classLike(5, 7000), deflated: true },
  ] });
  roundTrip(v1, mixed);
  const infozip = makeZip(new Map([['res/big.bin', classLike(8, 120_000)], ...jarEntries(1, 40)]), 'infozip');
  assert.equal(encodeZipDelta(v1, infozip).ok, false, 'Info-ZIP deflate of a large entry is not reproduced');
  roundTrip(infozip, v2);
  roundTrip(makeZip(jarEntries(1, 40), 'infozip-bzip2'), v2);
});

test('refusals: target or base not a zip, entries not reproducible or not deflate, damaged archives', () => {
  const reason = (base: Uint8Array, target: Uint8Array) => {
    const r = encodeZipDelta(base, target);
    return r.ok ? 'ok' : r.reason;
  };
  assert.equal(reason(v1, classLike(1, 5000)), 'not a zip');
  assert.equal(reason(classLike(1, 5000), v2), 'the base is not a zip');
  assert.match(reason(v1, makeZip(jarEntries(1, 5), 'infozip-bzip2')), /^entry com\/example\/C000.class: compression method 12$/);
  assert.match(reason(v1, makeZip(new Map([['res/big.bin', classLike(8, 120_000)]]), 'infozip')), /^entry res\/big.bin: not reproducible$/);
  assert.match(reason(v1, v2.subarray(0, v2.length - 10)), /end of central directory/);
  assert.match(reason(v1.subarray(0, v1.length - 10), v2), /^the base: /);
});

test('damaged blobs and wrong bases: CorruptDataError, never other bytes', () => {
  const r = encodeZipDelta(v1, v2);
  assert.ok(r.ok);
  const blob = Buffer.from(r.blob);
  const corrupt = (b: Uint8Array, base = v1, exp = expected(v2)) => assert.throws(() => decodeZipDelta(base, b, exp), CorruptDataError);
  for (const at of [0, 4, 8, 12, 14, 20, 30, blob.length - 1]) corrupt(blob.subarray(0, at));
  const edit = (at: number, value: number) => { const b = Buffer.from(blob); b[at] = value; return b; };
  corrupt(edit(0, 0x88));
  corrupt(edit(4, 2));
  corrupt(edit(19, 7));
  corrupt(edit(20, 9));
  corrupt(edit(20, 10));
  corrupt(edit(blob.length - 30, blob[blob.length - 30]! ^ 1));
  const word = (at: number, value: number) => { const b = Buffer.from(blob); b.writeUInt32BE(value, at); return b; };
  assert.throws(() => decodeZipDelta(v1, word(9, 0x7fffffff), expected(v2)), /does not fit/, 'more entries than the skeleton holds headers for');
  assert.throws(() => decodeZipDelta(v1, word(5, v2.length + 1), expected(v2)), /does not fit/, 'a skeleton larger than the archive');
  corrupt(word(5, blob.readUInt32BE(5) - 1));
  corrupt(blob, v2);
  corrupt(blob, v1, { digest: sha256Digest(v1), size: v2.length });
});
