// The parameter search on raw and zlib streams made by Python's zlib (the system zlib
// 1.2.13) with settings other than the defaults, the first-block reading that fixes
// memLevel, and descriptors refused when damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkParams,
  describeZlib,
  findDeflateParams,
  rebuildZlib,
  redeflate,
  type ZlibParams,
} from '../../../src/deflate/index.js';
import { readFirstBlock, zlibMemLevels } from '../../../src/deflate/first-block.js';
import { BadInputError } from '../../../src/errors.js';
import { python, run, textLike } from './fixtures.js';

const input = textLike(11, 200_000);
const rawScript = (args: string): string =>
  `import zlib,sys; c=zlib.compressobj(${args}); d=sys.stdin.buffer.read(); sys.stdout.buffer.write(c.compress(d)+c.flush())`;

test('raw deflate with memLevel 9 and level 5 is found, and redeflate gives the same bytes', () => {
  const raw = python(rawScript('5, zlib.DEFLATED, -15, 9, 0'), input);
  const p = findDeflateParams(raw, input);
  assert.deepEqual(p, { impl: 'zlib-1.2.13', level: 5, memLevel: 9, windowBits: 15, strategy: 0 });
  assert.deepEqual(Buffer.from(redeflate(p!, input)), raw);
});

test('the first block of a zlib stream has 2^(memLevel+6)-1 symbols; GNU gzip ends blocks elsewhere', () => {
  for (const memLevel of [7, 8, 9]) {
    const raw = python(rawScript(`6, zlib.DEFLATED, -15, ${memLevel}, 0`), input);
    const block = readFirstBlock(raw);
    assert.equal(block?.final, false);
    assert.equal(block?.symbols, 2 ** (memLevel + 6) - 1);
    assert.deepEqual(zlibMemLevels(block), [memLevel]);
  }
  // GNU gzip ends a block early when it compresses well, at a multiple of 4096 symbols.
  const gz = run('gzip', ['-6', '-n', '-c'], input);
  const block = readFirstBlock(gz.subarray(10));
  assert.equal(block?.symbols, 4096);
  assert.deepEqual(zlibMemLevels(block), []);
});

test('a small window and level 9 inside a zlib stream: its header hints the window', () => {
  const z = python(rawScript('9, zlib.DEFLATED, 11, 8, 0'), input);
  const r = describeZlib(z);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  // FLEVEL 3 says 7-9; with a 2 KiB window, levels 7 to 9 give the same bytes here, and 7 is tried first.
  const { level, ...rest } = r.descriptor.deflate as ZlibParams;
  assert.ok(level >= 7, `level ${level}`);
  assert.deepEqual(rest, { impl: 'zlib-1.2.13', memLevel: 8, windowBits: 11, strategy: 0 });
  assert.deepEqual(Buffer.from(rebuildZlib(r.descriptor, r.content)), z);
});

test('the filtered strategy is found only by an exhaustive search', () => {
  const raw = python(rawScript('6, zlib.DEFLATED, -15, 8, zlib.Z_FILTERED'), input);
  assert.equal(findDeflateParams(raw, input), null, 'default search covers strategy 0 only');
  const p = findDeflateParams(raw, input, { exhaustive: true });
  assert.deepEqual(p, { impl: 'zlib-1.2.13', level: 6, memLevel: 8, windowBits: 15, strategy: 1 });
});

test('a stream made from other bytes is never claimed reproduced', () => {
  const raw = python(rawScript('6, zlib.DEFLATED, -15, 8, 0'), input);
  const other = Buffer.from(input);
  other[150_000] ^= 1;
  assert.equal(findDeflateParams(raw, other), null);
});

test('descriptors: out-of-range or mistyped fields are refused', () => {
  const good = { impl: 'zlib-1.2.13', level: 6, memLevel: 8, windowBits: 15, strategy: 0 };
  assert.deepEqual(checkParams(good), good);
  for (const bad of [
    null,
    { ...good, impl: 'zlib-9' },
    { ...good, level: 10 },
    { ...good, level: 1.5 },
    { ...good, memLevel: 0 },
    { ...good, windowBits: 8 },
    { ...good, strategy: 5 },
    { ...good, level: '6' },
  ]) {
    assert.throws(() => checkParams(bad), BadInputError, JSON.stringify(bad));
  }
});

test('stored-only streams (level 0, framed by the producer buffer sizes) are described by their block lengths', () => {
  const a = python(`import zlib,sys; c=zlib.compressobj(0, zlib.DEFLATED, -15); d=sys.stdin.buffer.read(); sys.stdout.buffer.write(c.compress(d)+c.flush())`, input);
  const b = python(`import zlib,sys; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read(), 0)[2:-4])`, input);
  assert.notDeepEqual(a, b, 'the two calls frame the blocks differently');
  for (const raw of [a, b]) {
    const p = findDeflateParams(raw, input);
    assert.equal(p?.impl, 'stored');
    assert.deepEqual(Buffer.from(redeflate(p!, input)), raw);
  }
});
