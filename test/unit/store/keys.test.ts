/** Index keys and the 46-byte location value (54 for a chunk group's member), against bytes built here from the documented layout. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptDataError } from '../../../src/errors.js';
import { Codec, RecordKind } from '../../../src/pack/index.js';
import {
  NAME_RANGE, OBJECT_RANGE, PACK_RANGE, decodeLocation, encodeLocation, kindRange, nameKey, objectKey, packKey, parseObjectKey,
} from '../../../src/store/keys.js';

test('a location is pack id | offset | stored | uncompressed (u32 LE) | codec | kind', () => {
  const pack = '0123456789abcdef'.repeat(4);
  const location = { pack, offset: 0x01020304, storedLength: 0x0a0b0c0d, uncompressedLength: 0xfffffffe, codec: Codec.Zstd, kind: RecordKind.LayerRecipe };
  const expected = Buffer.concat([
    Buffer.from(pack, 'hex'),
    Buffer.from([0x04, 0x03, 0x02, 0x01]),
    Buffer.from([0x0d, 0x0c, 0x0b, 0x0a]),
    Buffer.from([0xfe, 0xff, 0xff, 0xff]),
    Buffer.from([1, 3]),
  ]);
  assert.equal(expected.length, 46);
  assert.deepEqual(encodeLocation(location), expected);
  assert.deepEqual(decodeLocation(expected), location);
});

test('a chunk group member\'s location adds at | length (u32 LE): 54 bytes', () => {
  const pack = 'fedcba9876543210'.repeat(4);
  const location = {
    pack, offset: 24, storedLength: 300_000, uncompressedLength: 1_100_000, codec: Codec.Zstd, kind: RecordKind.ChunkGroup,
    member: { at: 0x00102030, length: 0x00010203 },
  };
  const expected = Buffer.concat([
    Buffer.from(pack, 'hex'),
    Buffer.from([24, 0, 0, 0]),
    Buffer.from([0xe0, 0x93, 0x04, 0x00]),
    Buffer.from([0xe0, 0xc8, 0x10, 0x00]),
    Buffer.from([1, 12]),
    Buffer.from([0x30, 0x20, 0x10, 0x00]),
    Buffer.from([0x03, 0x02, 0x01, 0x00]),
  ]);
  assert.equal(expected.length, 54);
  assert.deepEqual(encodeLocation(location), expected);
  assert.deepEqual(decodeLocation(expected), location);
});

test('a location of any other length is CorruptDataError', () => {
  for (const length of [0, 1, 45, 47, 50, 53, 55, 100]) assert.throws(() => decodeLocation(new Uint8Array(length)), CorruptDataError);
});

test('keys and ranges', () => {
  assert.equal(objectKey(RecordKind.Chunk, 'ab'), 'o:1:ab');
  assert.deepEqual(parseObjectKey('o:5:cd'), { kindText: '5', kind: RecordKind.Image, hex: 'cd' });
  assert.equal(packKey('ef'), 'p:ef');
  assert.equal(nameKey('a:b'), 'n:a:b');
  assert.deepEqual(OBJECT_RANGE, { gte: 'o:', lt: 'o;' });
  assert.deepEqual(PACK_RANGE, { gte: 'p:', lt: 'p;' });
  assert.deepEqual(NAME_RANGE, { gte: 'n:', lt: 'n;' });
  assert.deepEqual(kindRange(RecordKind.LayerRecipe), { gte: 'o:3:', lt: 'o:3;' });
  const inRange = (key: string, r: { gte: string; lt: string }) => key >= r.gte && key < r.lt;
  assert.ok(inRange('o:3:' + 'f'.repeat(64), kindRange(RecordKind.LayerRecipe)));
  assert.ok(!inRange('o:4:00', kindRange(RecordKind.LayerRecipe)));
  assert.ok(inRange('n:zzz~~~', NAME_RANGE) && !inRange('o:1:00', NAME_RANGE));
});
