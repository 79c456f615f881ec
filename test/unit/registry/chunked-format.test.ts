/** The chunk artifact's encodings and the Range helpers: round trips, hand-made answers, and refusals. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CorruptDataError } from '../../../src/errors.js';
import {
  ObjectKind, decodeChunkIndex, decodeRecordHeader, encodeChunkIndex, encodeRecordHeader, locateObjects, chunksTag, referrersTag, type ChunkIndex,
} from '../../../src/registry/chunked/format.js';
import { byterangesBoundary, coalesce, parseByteranges, parseContentRange, rangeHeader, sliceOf } from '../../../src/registry/chunked/ranges.js';
import { isPackCut, PACK_MAX, PACK_MIN } from '../../../src/registry/chunked/build.js';

const hex = (c: string): string => c.repeat(64);

const sample: ChunkIndex = {
  chunker: 'fastcdc/v1 min=16384 avg=65536 max=262144 align=4096 nc=1 seed=0',
  packs: [
    { digest: `sha256:${hex('a')}`, size: 142 + 50, objects: [{ kind: ObjectKind.LayerPart, digest: hex('1'), length: 142 }, { kind: ObjectKind.Chunk, digest: hex('2'), length: 50 }] },
    { digest: `sha256:${hex('b')}`, size: 300, objects: [{ kind: ObjectKind.FileRecipe, digest: hex('3'), length: 100 }, { kind: ObjectKind.Chunk, digest: hex('4'), length: 200 }] },
  ],
  layers: [{ diffId: `sha256:${hex('d')}`, tarLength: 3072, parts: [{ digest: hex('1'), tarLength: 3072 }] }],
};

test('a chunk index round-trips, and each object is found at the sum of the lengths before it', () => {
  const bytes = encodeChunkIndex(sample);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'CCI1');
  assert.deepEqual(decodeChunkIndex(bytes), sample);
  const where = locateObjects(sample);
  assert.deepEqual(where.get(`${ObjectKind.Chunk}:${hex('2')}`), { kind: ObjectKind.Chunk, digest: hex('2'), pack: `sha256:${hex('a')}`, offset: 142, length: 50 });
  assert.equal(where.get(`${ObjectKind.Chunk}:${hex('4')}`)!.offset, 100);
});

test('a chunk index that is cut short, padded, or inconsistent is refused as corrupt', () => {
  const bytes = encodeChunkIndex(sample);
  assert.throws(() => decodeChunkIndex(bytes.subarray(0, bytes.length - 1)), CorruptDataError);
  assert.throws(() => decodeChunkIndex(Buffer.concat([bytes, Buffer.of(0)])), CorruptDataError);
  const wrongSize = { ...sample, packs: [{ ...sample.packs[0]!, size: 1 }, sample.packs[1]!] };
  assert.throws(() => decodeChunkIndex(encodeChunkIndex(wrongSize)), /do not add up/);
  const wrongParts = { ...sample, layers: [{ ...sample.layers[0]!, tarLength: 1 }] };
  assert.throws(() => decodeChunkIndex(encodeChunkIndex(wrongParts)), /do not add up/);
  const badKind = Buffer.from(bytes);
  badKind[bytes.indexOf(Buffer.from(hex('a'), 'hex')) + 32 + 3] = 7; // the first object's kind byte (after the size varint c0 01 and the count)
  assert.throws(() => decodeChunkIndex(badKind), CorruptDataError);
});

test('a pack record header round-trips; an unknown kind is refused', () => {
  const head = { digest: hex('5'), kind: ObjectKind.Chunk, codec: 1, rawLength: 70000, storedLength: 123 } as const;
  const bytes = encodeRecordHeader(head);
  assert.equal(bytes.length, 42);
  assert.deepEqual(decodeRecordHeader(bytes), head);
  bytes[32] = 3;
  assert.throws(() => decodeRecordHeader(bytes), CorruptDataError);
});

test('tags: the referrers fallback tag and the tag that keeps a chunk artifact', () => {
  assert.equal(referrersTag(`sha256:${hex('e')}`), `sha256-${hex('e')}`);
  assert.equal(chunksTag(`sha256:${hex('e')}`), `sha256-${hex('e')}.cairn-chunks`);
  assert.match(chunksTag(`sha256:${hex('e')}`), /^[\w][\w.-]{0,127}$/, 'a valid tag');
});

test('pack cuts depend on the record and the pack size only', () => {
  assert.equal(isPackCut(hex('0'), 10, PACK_MIN - 1), false, 'never below the minimum');
  assert.equal(isPackCut(hex('f'), 10, PACK_MAX), true, 'always at the maximum');
  assert.equal(isPackCut(hex('0'), 10, PACK_MIN), true, 'a digest of leading zeros cuts');
  assert.equal(isPackCut(hex('f'), 10, PACK_MIN), false, 'a digest of leading ones does not');
});

test('ranges are sorted and merged when they touch, overlap or lie within the gap', () => {
  assert.deepEqual(coalesce([{ start: 100, end: 200 }, { start: 0, end: 10 }, { start: 205, end: 300 }, { start: 250, end: 260 }], 5),
    [{ start: 0, end: 10 }, { start: 100, end: 300 }]);
  assert.deepEqual(coalesce([{ start: 0, end: 10 }, { start: 20, end: 30 }], 9), [{ start: 0, end: 10 }, { start: 20, end: 30 }]);
  assert.equal(rangeHeader([{ start: 0, end: 1 }, { start: 2, end: 10 }]), 'bytes=0-0,2-9');
});

test('a multipart/byteranges answer is read by its Content-Range lengths, even with the boundary inside the data', () => {
  const boundary = 'B0UND';
  const data1 = Buffer.from('xx--B0UND\r\nyy');
  const body = Buffer.concat([
    Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 10-${10 + data1.length - 1}/1000\r\n\r\n`), data1,
    Buffer.from(`\r\n--${boundary}\r\nContent-Range: bytes 500-502/1000\r\n\r\n`), Buffer.from('abc'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  assert.equal(byterangesBoundary(`multipart/byteranges; boundary=${boundary}`), boundary);
  assert.equal(byterangesBoundary('application/octet-stream'), undefined);
  const parts = parseByteranges(body, boundary);
  assert.deepEqual(parts.map((p) => [p.start, p.bytes.toString()]), [[10, data1.toString()], [500, 'abc']]);
  assert.equal(sliceOf(parts, 501, 2)!.toString(), 'bc');
  assert.equal(sliceOf(parts, 502, 2), undefined, 'bytes no part holds');
  assert.throws(() => parseByteranges(body.subarray(0, body.length - 20), boundary), CorruptDataError);
});

test('Content-Range values', () => {
  assert.deepEqual(parseContentRange('bytes 0-0/17'), { start: 0, end: 1, size: 17 });
  assert.deepEqual(parseContentRange('bytes 5-9/*'), { start: 5, end: 10 });
  assert.throws(() => parseContentRange('bytes */17'), CorruptDataError);
  assert.throws(() => parseContentRange(undefined), CorruptDataError);
});
