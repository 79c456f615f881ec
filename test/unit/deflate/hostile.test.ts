// Damaged and hostile gzip and zlib input: typed errors, in bounded memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, deflateSync } from 'node:zlib';
import { describeGzip, describeZlib, rebuildGzip } from '../../../src/deflate/index.js';
import { BadInputError, CorruptDataError } from '../../../src/errors.js';
import { textLike } from './fixtures.js';

const input = textLike(3, 50_000);
const gz = gzipSync(input, { level: 6 });

test('wrong magic or method: BadInputError', () => {
  assert.throws(() => describeGzip(Buffer.from('not gzip at all')), BadInputError);
  const m = Buffer.from(gz);
  m[2] = 7;
  assert.throws(() => describeGzip(m), BadInputError);
  assert.throws(() => describeZlib(Buffer.from([0x78, 0x9d, 0, 0, 0, 0])), BadInputError);
});

test('truncated anywhere: CorruptDataError', () => {
  for (const cut of [5, 10, 100, gz.length - 9, gz.length - 4, gz.length - 1]) {
    assert.throws(() => describeGzip(gz.subarray(0, cut)), CorruptDataError, `cut at ${cut}`);
  }
  const z = deflateSync(input);
  assert.throws(() => describeZlib(z.subarray(0, z.length - 2)), CorruptDataError);
});

test('a wrong CRC, size or Adler-32: CorruptDataError', () => {
  for (const at of [gz.length - 8, gz.length - 1]) {
    const m = Buffer.from(gz);
    m[at] ^= 0x10;
    assert.throws(() => describeGzip(m), CorruptDataError);
  }
  const z = Buffer.from(deflateSync(input));
  z[z.length - 1] ^= 1;
  assert.throws(() => describeZlib(z), CorruptDataError);
});

test('a bomb beyond maxInflated: CorruptDataError without inflating it all', () => {
  const bomb = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
  assert.ok(bomb.length < 100_000);
  assert.throws(() => describeGzip(bomb, { maxInflated: 1 << 20 }), CorruptDataError);
});

test('rebuild refuses content of another length and a damaged descriptor', () => {
  const r = describeGzip(gz);
  assert.ok(r.ok);
  assert.throws(() => rebuildGzip(r.descriptor, r.content.subarray(1)), BadInputError);
  assert.throws(() => rebuildGzip({ ...r.descriptor, tail: 'zz' }, r.content), BadInputError);
  const member = { ...r.descriptor.members[0]!, deflate: { ...r.descriptor.members[0]!.deflate, level: 12 } };
  assert.throws(() => rebuildGzip({ ...r.descriptor, members: [member] }, r.content), BadInputError);
});
