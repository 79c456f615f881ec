// Known answers: a delta written by hand from docs/delta.md decodes to the expected bytes;
// the encoder's header carries independently computed digests and lengths; and sizes known by
// construction (one changed byte, identical files, an insertion) stay under fixed bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeDelta, encodeDelta, inspectDelta, DELTA_OVERHEAD_BYTES, type DeltaMethod } from '../../../src/delta/index.js';
import { seededBytes } from '../../support/random.js';
import { craftDelta, crc32, rawStream, varint, zigzag } from './craft.js';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

test('a hand-written sa delta decodes: "hello world" to "hello, world!"', () => {
  const base = text('hello world');
  const target = text('hello, world!');
  const payload = [
    ...rawStream([5, 1, zigzag(0), 6, 1, zigzag(0)]), // control: copy 5 + ",", copy 6 + "!"
    ...varint(11), 0, // the diff stream: 11 bytes, all zero, coded split (gaps, non-zero bytes)
    ...rawStream([]), // gaps
    ...rawStream([]), // non-zero diff bytes
    ...rawStream(text(',!')), // extra
  ];
  assert.deepEqual(decodeDelta(base, craftDelta(1, base, target, payload)), target);
});

test('a hand-written sa delta with add bytes and a backward seek decodes', () => {
  const base = text('ABCDEFGH');
  // target: "ABDD" (add 0,0,1,0 to ABCD), then seek back to 1 and add nothing to "BCD" -> "BCD"
  const target = text('ABDDBCD');
  const payload = [
    ...rawStream([4, 0, zigzag(-3), 3, 0, zigzag(0)]),
    ...varint(7), 0,
    ...rawStream([2]), // two zero bytes, then the non-zero one
    ...rawStream([1]),
    ...rawStream([]),
  ];
  assert.deepEqual(decodeDelta(base, craftDelta(1, base, target, payload)), target);
});

test('the CRC-32 is zlib\'s: known check value of "123456789"', () => {
  assert.equal(crc32(text('123456789')), 0xcbf43926);
});

test('encoder header: magic, version, method, digests and lengths', () => {
  const base = seededBytes('ka-base', 5000);
  const target = Buffer.concat([base.subarray(0, 2000), text('new'), base.subarray(2000)]);
  for (const [method, id] of [['sa', 1], ['zstd', 2], ['windowed', 3]] as const) {
    const delta = encodeDelta(base, target, { methods: [method], windowBytes: 1024 });
    assert.deepEqual([...delta.subarray(0, 8)], [0x89, 0x43, 0x44, 0x54, 1, id, 0, 0], method);
    assert.equal(Buffer.from(delta.subarray(8, 40)).toString('hex'), hex(base));
    assert.equal(Buffer.from(delta.subarray(40, 72)).toString('hex'), hex(target));
    const view = new DataView(delta.buffer, delta.byteOffset);
    assert.equal(view.getBigUint64(72, true), 5000n);
    assert.equal(view.getBigUint64(80, true), 5003n);
    assert.equal(view.getUint32(delta.length - 4, true), crc32(delta.subarray(0, delta.length - 4)));
    assert.equal(inspectDelta(delta).method, method);
    assert.deepEqual(decodeDelta(base, delta), new Uint8Array(target));
  }
});

const MiB = 1 << 20;
const METHODS: DeltaMethod[] = ['sa', 'zstd'];

test('one changed byte in 1 MiB costs a few dozen bytes beyond the fixed header', () => {
  const base = seededBytes('one-byte', MiB);
  const target = Buffer.from(base);
  target[654321] ^= 0x5a;
  const delta = encodeDelta(base, target, { methods: METHODS });
  assert.equal(DELTA_OVERHEAD_BYTES, 92);
  assert.ok(delta.length <= DELTA_OVERHEAD_BYTES + 40, `${delta.length} bytes`);
  assert.deepEqual(decodeDelta(base, delta), new Uint8Array(target));
});

test('identical files cost almost nothing; an empty target costs the header', () => {
  const base = seededBytes('same', MiB);
  const same = encodeDelta(base, base, { methods: METHODS });
  assert.ok(same.length <= DELTA_OVERHEAD_BYTES + 32, `${same.length} bytes`);
  const empty = encodeDelta(base, new Uint8Array(0), { methods: METHODS });
  assert.ok(empty.length <= DELTA_OVERHEAD_BYTES + 16, `${empty.length} bytes`);
  assert.deepEqual(decodeDelta(base, empty), new Uint8Array(0));
});

test('100 inserted random bytes cost about 100 bytes', () => {
  const base = seededBytes('insert', MiB);
  const target = Buffer.concat([base.subarray(0, 300000), seededBytes('inserted', 100), base.subarray(300000)]);
  const delta = encodeDelta(base, target, { methods: METHODS });
  assert.ok(delta.length <= DELTA_OVERHEAD_BYTES + 100 + 48, `${delta.length} bytes`);
  assert.deepEqual(decodeDelta(base, delta), new Uint8Array(target));
});

test('a target unrelated to its base costs no more than the target compressed alone, plus the header', () => {
  const base = seededBytes('unrelated-a', 50000);
  const target = seededBytes('unrelated-b', 50000);
  const delta = encodeDelta(base, target, { methods: METHODS });
  assert.ok(delta.length <= target.length + DELTA_OVERHEAD_BYTES + 32, `${delta.length} bytes`);
});

test('windowed: an insertion in 4 MiB with 256 KiB windows costs little in every window', () => {
  const base = seededBytes('windowed', 4 * MiB);
  const target = Buffer.concat([base.subarray(0, 1500000), seededBytes('w-ins', 100), base.subarray(1500000)]);
  const delta = encodeDelta(base, target, { methods: ['windowed'], windowBytes: 256 * 1024 });
  // 17 windows: each a small header and a near-empty payload; the insertion costs its 100 bytes.
  assert.ok(delta.length <= DELTA_OVERHEAD_BYTES + 100 + 17 * 48, `${delta.length} bytes`);
  assert.deepEqual(decodeDelta(base, delta), new Uint8Array(target));
});
