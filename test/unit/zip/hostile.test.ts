// Hostile and damaged zips: a typed error or an exact round trip, in bounded time and memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rebuildZip, splitZip } from '../../../src/zip/index.js';
import { BadInputError, CairnError } from '../../../src/errors.js';
import { textLike } from '../deflate/fixtures.js';
import { pythonZip } from './make-zip.js';

const zip = pythonZip({
  entries: [
    { name: 'a.txt', data: textLike(5, 20_000), deflated: true },
    { name: 'b.bin', data: textLike(6, 3_000), deflated: false },
  ],
  comment: 'x',
});
const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
const cd = zip.readUInt32LE(eocd + 16);

function patched(at: number, write: (b: Buffer) => void): Buffer {
  const b = Buffer.from(zip);
  write(b.subarray(at));
  return b;
}

test('not a zip, truncated, directory or local header out of the file: BadInputError', () => {
  assert.throws(() => splitZip(Buffer.from('plain text, no zip here at all')), BadInputError);
  assert.throws(() => splitZip(zip.subarray(0, zip.length - 5)), BadInputError);
  assert.throws(() => splitZip(zip.subarray(100)), BadInputError);
  assert.throws(() => splitZip(patched(eocd + 16, (b) => b.writeUInt32LE(cd + 1))), BadInputError);
  assert.throws(() => splitZip(patched(eocd + 10, (b) => b.writeUInt16LE(60000))), BadInputError, 'more entries than fit');
  assert.throws(() => splitZip(patched(cd + 42, (b) => b.writeUInt32LE(0x7fffffff))), BadInputError, 'local offset beyond the file');
  assert.throws(() => splitZip(patched(cd + 20, (b) => b.writeUInt32LE(0xfffff))), BadInputError, 'data beyond the directory');
});

test('two directory entries sharing one local header (overlap bomb): BadInputError', () => {
  const second = cd + 46 + 5 + zip.readUInt16LE(cd + 30) + zip.readUInt16LE(cd + 32);
  assert.throws(() => splitZip(patched(second + 42, (b) => b.writeUInt32LE(0))), BadInputError);
});

test('a size beyond the deflate ratio, or past the inflate budget: the entry stays raw', () => {
  const big = pythonZip({ entries: [{ name: 'zeros', data: Buffer.alloc(20 << 20), deflated: true }] });
  assert.ok(big.length < 40_000);
  const budget = splitZip(big, { maxInflated: 1 << 20 });
  assert.equal(budget.entries[0]!.kind === 'raw' && budget.entries[0]!.reason, 'inflate budget spent');
  assert.deepEqual(Buffer.from(rebuildZip(budget)), big);
  const e = big.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const liar = Buffer.from(big);
  liar.writeUInt32LE(0xfffffff0, e + 24);
  const split = splitZip(liar);
  assert.equal(split.entries[0]!.kind === 'raw' && split.entries[0]!.reason, 'declared size exceeds the deflate ratio');
  assert.deepEqual(Buffer.from(rebuildZip(split)), liar);
});

test('a directory CRC that does not match the data: the entry stays raw', () => {
  const split = splitZip(patched(cd + 16, (b) => (b[0]! ^= 1)));
  assert.equal(split.entries[0]!.kind === 'raw' && split.entries[0]!.reason, 'size or CRC differs from the directory');
});

test('rebuild refuses a split whose bytes do not give the digest', () => {
  const split = splitZip(zip);
  const e = split.entries[0]!;
  assert.equal(e.kind, 'deflate');
  if (e.kind === 'deflate') {
    const content = Buffer.from(e.content);
    content[0] ^= 1;
    assert.throws(() => rebuildZip({ ...split, entries: [{ ...e, content }, split.entries[1]!] }), CairnError);
  }
});

test('random damage: a typed error or an exact round trip, never anything else', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
      const b = Buffer.from(zip);
      for (const [at, x] of flips) b[at]! ^= x;
      let split;
      try {
        split = splitZip(b);
      } catch (err) {
        assert.ok(err instanceof CairnError, String(err));
        return;
      }
      assert.deepEqual(Buffer.from(rebuildZip(split)), b);
    }),
    { numRuns: 300 },
  );
});
